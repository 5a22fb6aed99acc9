package io.netboxswarm.orchestrator.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** The tick's work is what is due: the index visits due commands only, and follows every change to the table. */
@Tag("fast")
class TimeIndexTest {

  private final World world = new World(new MemoryStateStore());

  @Test
  void visitsOnlyTheDueCommandsEarliestFirstHoweverManyAreSettled() {
    for (int i = 0; i < 10_000; i++) {
      world.commands.put("settled-" + i, command("settled-" + i, TrackedCommand.Status.SUCCEEDED, 1_000 + i));
    }
    world.commands.put("late", command("late", TrackedCommand.Status.PENDING, 500));
    world.commands.put("early", command("early", TrackedCommand.Status.PENDING, 100));
    world.commands.put("future", command("future", TrackedCommand.Status.PENDING, 5_000));

    assertThat(due(TrackedCommand.Status.PENDING, 1_000)).containsExactly("early", "late");
  }

  @Test
  void followsCommandsChangedAfterTheyWereTouchedAndRemoved() {
    TrackedCommand a = command("a", TrackedCommand.Status.PENDING, 100);
    world.commands.put("a", a);
    world.commands.put("b", command("b", TrackedCommand.Status.PENDING, 200));
    assertThat(due(TrackedCommand.Status.PENDING, 1_000)).containsExactly("a", "b");

    world.commands.touch("a"); // as the reconciler does: touch, then change
    a.status = TrackedCommand.Status.RETRY_WAIT;
    a.retryAt = 300;
    world.commands.remove("b");
    assertThat(due(TrackedCommand.Status.PENDING, 1_000)).isEmpty();
    assertThat(due(TrackedCommand.Status.RETRY_WAIT, 299)).isEmpty();
    assertThat(due(TrackedCommand.Status.RETRY_WAIT, 300)).containsExactly("a");
  }

  @Test
  void isRebuiltFromTheStoreOnLoad() {
    MemoryStateStore store = new MemoryStateStore();
    store.put(World.COMMANDS, "x", command("x", TrackedCommand.Status.PENDING, 100));
    store.put(World.COMMANDS, "y", command("y", TrackedCommand.Status.SUCCEEDED, 50));
    store.put(World.VERSIONS, "swarm:3", new ObjectVersion(70, "evt-1", true, null, null));
    store.put(World.VERSIONS, "swarm:4", new ObjectVersion(70, "evt-2", false, null, null));
    World loaded = new World(store).load();

    List<String> pending = new ArrayList<>();
    loaded.forEachCommandDue(TrackedCommand.Status.PENDING, 1_000, c -> pending.add(c.commandId));
    assertThat(pending).containsExactly("x");
    assertThat(loaded.commandsIn(TrackedCommand.Status.SUCCEEDED)).isOne();
    assertThat(loaded.tombstones()).isOne();
  }

  private List<String> due(TrackedCommand.Status status, long upTo) {
    List<String> visited = new ArrayList<>();
    world.forEachCommandDue(status, upTo, c -> visited.add(c.commandId));
    return visited;
  }

  private static TrackedCommand command(String id, TrackedCommand.Status status, long deadline) {
    TrackedCommand c = new TrackedCommand();
    c.commandId = id;
    c.intentKey = IntentKey.of("intent", 1, id);
    c.step = Step.CREATE_SERVICE;
    c.status = status;
    c.deadline = deadline;
    return c;
  }
}
