package io.netboxswarm.orchestrator.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.NodeRole;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The typed state reads and writes the JSON rows the state store already holds, unchanged. */
@Tag("fast")
class StoredRowsTest {

  private final Json json = new Json();

  @Test
  void aCommandRowKeepsItsIntentKeyAndStepAsText() {
    String row = "{\"commandId\":\"cmd-1\",\"intentKey\":\"rm-secret-version:5:40:db\",\"step\":"
        + "\"REMOVE_SECRET_VERSION\",\"hostId\":1,\"swarmId\":5,\"subjectHost\":null,\"objectId\":40,\"subject\":"
        + "\"secret-version:db\",\"status\":\"PENDING\",\"attempts\":1,\"issuedAt\":0,\"deadline\":0,\"retryAt\":0,"
        + "\"errorCode\":null,\"errorMessage\":null,\"causationId\":\"evt-1\"}";

    TrackedCommand command = json.read(row, TrackedCommand.class);

    assertThat(command.step).isEqualTo(Step.REMOVE_SECRET_VERSION);
    assertThat(command.intentKey).isEqualTo(IntentKey.of("rm-secret-version", 5, 40, "db"));
    assertThat(command.intentKey.last()).isEqualTo("db");
    assertThat(command.user).isNull(); // a row from before commands kept their change's user and request id
    Map<String, Object> written = json.read(json.write(command), Map.class);
    assertThat(written).containsEntry("user", null).containsEntry("requestId", null);
    written.keySet().removeAll(List.of("user", "requestId"));
    assertThat(written).isEqualTo(json.read(row, Map.class));
  }

  @Test
  void aMemberRowKeepsItsRoleAndDepartureAsText() {
    SwarmProgress progress = json.read("{\"swarmId\":5,\"members\":{\"2\":{\"hostId\":2,\"nodeId\":\"n2\",\"role\":"
        + "\"MANAGER\",\"departure\":\"DRAINED\",\"since\":7}}}", SwarmProgress.class);

    Member member = progress.members.get(2L);
    assertThat(member).isEqualTo(new Member(2, "n2", NodeRole.MANAGER, Departure.DRAINED, 7));
    assertThat(json.read(json.write(member), Map.class)).containsEntry("role", "MANAGER")
        .containsEntry("departure", "DRAINED");
  }
}
