package io.netboxswarm.orchestrator.plan;

import static io.netboxswarm.contracts.NodeRole.MANAGER;
import static io.netboxswarm.contracts.NodeRole.WORKER;
import static io.netboxswarm.orchestrator.state.Departure.DEMOTED;
import static io.netboxswarm.orchestrator.state.Departure.DRAINED;
import static io.netboxswarm.orchestrator.state.Departure.LEFT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.netboxswarm.contracts.command.InitSwarm;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.orchestrator.SwarmFixture;
import io.netboxswarm.orchestrator.state.Step;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The membership plan's transitions, one row each: from a swarm's NetBox lists and its members, the steps decided
 * ("STEP@host whose agent runs it"), what it reports without a command, and the violations. Pure: no broker.
 */
@Tag("fast")
class MembershipPlanTest {

  static Stream<Arguments> transitions() {
    return Stream.of(
        row("init: the first manager listed initializes the swarm",
            f -> f.wants(List.of(1L, 2L), List.of(3L)).observed(1), List.of("INIT@1"), List.of(), List.of()),
        row("init waits for the first manager's address",
            f -> f.wants(List.of(1L), List.of()), List.of(), List.of("waiting-address"), List.of()),
        row("join: managers one at a time, in NetBox's order; workers in parallel",
            f -> f.wants(List.of(1L, 2L, 3L), List.of(4L, 5L)).formed().member(1, MANAGER),
            List.of("JOIN@2", "JOIN@4", "JOIN@5"), List.of(), List.of()),
        row("join: the next manager once the previous one is in",
            f -> f.wants(List.of(1L, 2L, 3L), List.of()).formed().member(1, MANAGER).member(2, MANAGER),
            List.of("JOIN@3"), List.of(), List.of()),
        row("join: a host without a public keyset gets no join token",
            f -> { f.wants(List.of(1L), List.of(2L)).formed().member(1, MANAGER); f.sealable.remove(2L); },
            List.of(), List.of("no-keyset"), List.of()),
        row("promote: a worker NetBox now lists as manager, by a manager that stays",
            f -> f.wants(List.of(1L, 2L, 3L), List.of()).formed().member(1, MANAGER).member(2, WORKER)
                .member(3, MANAGER), List.of("PROMOTE@1"), List.of(), List.of()),
        row("demote-role: a manager NetBox now lists as worker",
            f -> f.wants(List.of(1L), List.of(2L)).formed().member(1, MANAGER).member(2, MANAGER),
            List.of("DEMOTE_ROLE@1"), List.of(), List.of()),
        row("removal: managers leave one at a time, the lowest host id first, demoted by one that stays",
            f -> f.wants(List.of(1L), List.of()).formed().member(1, MANAGER).member(2, MANAGER).member(3, MANAGER),
            List.of("DEMOTE@1"), List.of(), List.of()),
        row("removal: a worker is drained by a manager",
            f -> f.wants(List.of(1L), List.of()).formed().member(1, MANAGER).member(2, WORKER),
            List.of("DRAIN@1"), List.of(), List.of()),
        row("removal: a demoted manager is drained",
            f -> f.wants(List.of(1L), List.of()).formed().member(1, MANAGER).member(2, WORKER, DEMOTED),
            List.of("DRAIN@1"), List.of(), List.of()),
        row("removal: a drained member leaves by itself",
            f -> f.wants(List.of(1L), List.of()).formed().member(1, MANAGER).member(2, WORKER, DRAINED),
            List.of("LEAVE@2"), List.of(), List.of()),
        row("removal: a member that left is removed from the node list",
            f -> f.wants(List.of(1L), List.of()).formed().member(1, MANAGER).member(2, WORKER, LEFT),
            List.of("REMOVE_NODE@1"), List.of(), List.of()),
        row("last manager: not removed while workers remain",
            f -> f.wants(List.of(), List.of(2L)).formed().member(1, MANAGER).member(2, WORKER),
            List.of(), List.of(), List.of("last-manager")),
        row("last manager: leaves after the other members, which go first",
            f -> f.wants(List.of(), List.of()).formed().member(1, MANAGER).member(2, WORKER),
            List.of("DRAIN@1"), List.of("last-manager-waits"), List.of()),
        row("last manager: alone, it dissolves the swarm",
            f -> f.wants(List.of(), List.of()).formed().member(1, MANAGER), List.of("DISSOLVE@1"), List.of(),
            List.of()),
        row("quorum: an even number of managers is a warning",
            f -> f.wants(List.of(1L, 2L), List.of()).formed().member(1, MANAGER).member(2, MANAGER), List.of(),
            List.of("even-managers"), List.of()),
        row("a worker without a manager waits for one",
            f -> f.wants(List.of(), List.of(2L)), List.of(), List.of(), List.of("worker-needs-manager")),
        row("move: a host its old swarm no longer lists, still leaving it, joins after (no violation)",
            f -> f.claim(2, 6).wants(List.of(1L), List.of(2L)).formed().member(1, MANAGER),
            List.of(), List.of("arriving"), List.of()),
        row("move: a host its old swarm still lists is in two swarms",
            f -> {
              f.world.swarms.put(6L, new io.netboxswarm.orchestrator.state.SwarmSpec(6, "swarm-6", null, null,
                  List.of(2L), List.of(), null));
              f.claim(2, 6).wants(List.of(1L), List.of(2L)).formed().member(1, MANAGER);
            }, List.of(), List.of(), List.of("host-in-two-swarms")),
        row("a host listed twice is left as it is",
            f -> f.wants(List.of(1L, 2L), List.of(2L)).formed().member(1, MANAGER), List.of(), List.of(),
            List.of("host-twice-in-swarm")),
        row("forget: the old node id of a member that joined again is removed",
            f -> { f.wants(List.of(1L), List.of(2L)).formed().member(1, MANAGER).member(2, WORKER);
              f.progress.staleNodes.put("node-2-old", 2L); },
            List.of("FORGET_NODE@1"), List.of(), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transitions")
  void decides(String transition, Consumer<SwarmFixture> given, List<String> steps, List<String> notices,
      List<String> violations) {
    SwarmFixture swarm = new SwarmFixture();
    given.accept(swarm);

    Decision decision = swarm.decide();

    assertThat(SwarmFixture.steps(decision)).as("steps").isEqualTo(steps);
    assertThat(SwarmFixture.notices(decision)).as("notices").containsExactlyInAnyOrderElementsOf(notices);
    assertThat(SwarmFixture.violations(decision)).as("violations").isEqualTo(violations);
  }

  @Test
  void theDecisionNamesWhatToSealAndTheEdgeSealsIt() {
    SwarmFixture swarm = new SwarmFixture().wants(List.of(1L), List.of(2L)).formed().member(1, MANAGER)
        .observed(2);

    Intent join = swarm.decide().intents().get(0);

    assertThat(join.step()).isEqualTo(Step.JOIN);
    JoinSwarm command = (JoinSwarm) SwarmFixture.command(join);
    assertThat(StandardCharsets.UTF_8.decode(command.getJoinToken().getCiphertext()).toString())
        .isEqualTo("join-token WORKER of cluster-5 for host 2");
    assertThat(command.getRemoteAddrs()).containsExactly("192.0.2.1:2377");
    assertThat(command.getAdvertiseAddr()).isEqualTo("192.0.2.2");
  }

  @Test
  void decidingTwiceGivesTheSameIntents() {
    SwarmFixture swarm = new SwarmFixture().wants(List.of(1L), List.of()).observed(1);

    Intent first = swarm.decide().intents().get(0);

    assertThat(swarm.decide().intents().get(0).key()).isEqualTo(first.key());
    assertThat(((InitSwarm) SwarmFixture.command(first)).getAdvertiseAddr()).isEqualTo("192.0.2.1");
  }

  private static Arguments row(String transition, Consumer<SwarmFixture> given, List<String> steps,
      List<String> notices, List<String> violations) {
    return arguments(transition, given, steps, notices, violations);
  }
}
