package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.command.CreateSecret;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.Secret;
import io.netboxswarm.contracts.result.SecretOutcome;
import io.netboxswarm.contracts.writeback.NetboxWrite;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * No write-back goes to an object NetBox deleted (fast tier): NetBox would answer 404 or 400, and a journal entry on
 * a deleted object tells no one anything. What the command did is still audited.
 */
@Tag("fast")
class WriteBackTargetPlanTest extends FormedSwarmPlan {

  @Test
  void aSecretDeletedWhileItWasCreatedGetsNoDockerIdWrittenBack() {
    HostCommand create = createThenDelete();

    orchestrator.succeed(create, new SecretOutcome("docker-secret-1"));

    assertThat(writesTo("secret", 40)).isEmpty();
  }

  @Test
  void aSecretDeletedWhileItsCreationFailedGetsNoJournalEntry() {
    HostCommand create = createThenDelete();

    orchestrator.fail(create, "ENGINE_REFUSED", "secret too large", false);

    assertThat(writesTo("secret", 40)).isEmpty();
    assertThat(orchestrator.audits()).anyMatch(a -> Long.valueOf(40).equals(a.getObjectId()));
  }

  private HostCommand createThenDelete() {
    orchestrator.event(ObjectType.SECRET, 40, Secret.newBuilder().setId(40).setSwarm(SWARM).setName("db")
        .setData(orchestrator.keys.sealForOrchestrator("first", SealingContext.netboxSecret(40))).build());
    HostCommand create = orchestrator.last(1, CreateSecret.class);
    orchestrator.event(ObjectType.SECRET, 40, null);
    return create;
  }

  private List<NetboxWrite> writesTo(String objectType, long id) {
    return orchestrator.published.stream().map(o -> o.value()).filter(NetboxWrite.class::isInstance)
        .map(NetboxWrite.class::cast)
        .filter(w -> w.getPath().equals("/api/plugins/docker/" + objectType + "s/" + id + "/")
            || w.getBody().contains("\"assigned_object_type\":\"netbox_docker_plugin." + objectType
                + "\",\"assigned_object_id\":" + id + ","))
        .toList();
  }
}
