package io.netboxswarm.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.NodeRole;
import io.netboxswarm.contracts.SealedJoinTokens;
import io.netboxswarm.contracts.SealedValue;
import io.netboxswarm.contracts.SealingContext;
import io.netboxswarm.contracts.command.CreateSecret;
import io.netboxswarm.contracts.command.CreateService;
import io.netboxswarm.contracts.command.HostCommand;
import io.netboxswarm.contracts.command.InitSwarm;
import io.netboxswarm.contracts.command.LeaveSwarm;
import io.netboxswarm.contracts.command.RotateJoinToken;
import io.netboxswarm.contracts.command.UpdateService;
import io.netboxswarm.contracts.netbox.EventKind;
import io.netboxswarm.contracts.netbox.NetboxEvent;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.netbox.Secret;
import io.netboxswarm.contracts.result.SecretOutcome;
import io.netboxswarm.contracts.result.ServiceOutcome;
import io.netboxswarm.contracts.result.SwarmOutcome;
import io.netboxswarm.orchestrator.commands.CommandSettings;
import io.netboxswarm.orchestrator.keys.HostKeysets;
import io.netboxswarm.orchestrator.keys.Resealer;
import io.netboxswarm.orchestrator.commands.Outbox;
import io.netboxswarm.orchestrator.state.Retention;
import io.netboxswarm.orchestrator.state.TrackedCommand;
import io.netboxswarm.sealing.Keysets;
import io.netboxswarm.sealing.Opener;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * The orchestrator forgets what no longer drives anything (settled commands, tombstones, the progress of a deleted
 * swarm) without sending any command twice, and its state still loads afterwards. In process, on a clock the test
 * moves: no broker.
 */
@Tag("fast")
class BoundedStateTest {

  private static final CommandSettings SETTINGS = new CommandSettings(Duration.ofMinutes(2), Duration.ofSeconds(30),
      5, Duration.ofSeconds(2));
  private static final Retention RETENTION = new Retention(Duration.ofMinutes(10), Duration.ofHours(1), 1000);
  /** Past any settled command's retention: its deadline plus the retention. */
  private static final Duration PAST_RETENTION = SETTINGS.deadline().plus(RETENTION.settledCommands())
      .plusSeconds(1);

  private final InProcessOrchestrator orchestrator = new InProcessOrchestrator(SETTINGS, RETENTION,
      Instant.parse("2026-12-01T08:00:00Z"));

  @Test
  void aLateDuplicateResultOfAForgottenCommandChangesNothing() {
    formSwarm(1, 1);
    HostCommand create = only(orchestrator.event(orchestrator.container(7, 1, "v1")), CreateService.class);
    orchestrator.result(orchestrator.succeeded(create, new ServiceOutcome("svc-7")));
    orchestrator.advance(Duration.ofSeconds(5));
    HostCommand update = only(orchestrator.event(orchestrator.container(7, 1, "v2")), UpdateService.class);
    orchestrator.result(orchestrator.succeeded(update, new ServiceOutcome("svc-7")));
    var service = orchestrator.world().progress.get(1).services.get(7L);

    orchestrator.advance(PAST_RETENTION);
    orchestrator.tick();
    assertThat(orchestrator.world().commands.get(create.getCommandId())).isNull();
    assertThat(orchestrator.world().commands.get(update.getCommandId())).isNull();
    assertThat(orchestrator.store.rows).doesNotContainKeys("command:" + create.getCommandId(),
        "command:" + update.getCommandId());
    assertThat(orchestrator.world().progress.get(1).latest).doesNotContainKey("service:7");

    // The agent answers the first command again, late, with another service: it is an unknown command now.
    Map<String, String> before = new TreeMap<>(orchestrator.store.rows);
    Outbox late = orchestrator.result(orchestrator.succeeded(create, new ServiceOutcome("svc-other")));
    assertThat(late.records()).isEmpty();
    assertThat(orchestrator.store.rows).isEqualTo(before);
    assertThat(orchestrator.world().progress.get(1).services.get(7L)).isEqualTo(service);
  }

  @Test
  void aRePlannedIntentThatSucceededIsNotSentAgainAfterItIsForgotten() {
    formSwarm(1, 1);
    HostCommand rotate = rotateTokens();
    orchestrator.advance(PAST_RETENTION);
    orchestrator.tick();
    assertThat(orchestrator.world().commands.get(rotate.getCommandId())).isNull();
    assertThat(orchestrator.world().progress.get(1).succeeded).containsEntry("ROTATE", rotate.getCommandId());

    // NetBox still asks for that rotation (the request stays until an operator clears it): every plan of the swarm
    // lists it again, and it is done.
    orchestrator.advance(Duration.ofSeconds(1));
    assertThat(orchestrator.event(orchestrator.container(7, 1, "v1")).commands())
        .extracting(HostCommand::getAction).hasOnlyElementsOfType(CreateService.class).hasSize(1);
    orchestrator.restart();
    orchestrator.advance(Duration.ofSeconds(1));
    assertThat(orchestrator.event(orchestrator.container(8, 1, "v1")).commands())
        .extracting(HostCommand::getAction).hasOnlyElementsOfType(CreateService.class).hasSize(1);
  }

  @Test
  void aSecretThatWasCreatedIsNotCreatedAgainAfterItsCommandIsForgotten(@TempDir Path dir) {
    Keys keys = new Keys(dir, 1);
    Opener opener = Opener.of(SealingContext.ORCHESTRATOR,
        new Keysets(name -> null).privateKeyset(keys.orchestratorPrivate(), null));
    InProcessOrchestrator withKeys = new InProcessOrchestrator(SETTINGS, RETENTION, orchestrator.now(),
        new Resealer(opener, new HostKeysets(keys.dir)));
    HostCommand init = only(withKeys.event(withKeys.swarm(1, 1, null)), InitSwarm.class);
    withKeys.result(withKeys.initialized(init));
    withKeys.advance(Duration.ofSeconds(1));
    HostCommand create = only(withKeys.event(withKeys.secret(Secret.newBuilder().setId(40).setSwarm(1L)
        .setName("db").setData(keys.sealForOrchestrator("s3cret", SealingContext.netboxSecret(40))).build())),
        CreateSecret.class);
    withKeys.result(withKeys.succeeded(create, new SecretOutcome("docker-secret-40")));
    withKeys.advance(PAST_RETENTION);
    withKeys.tick();
    assertThat(withKeys.world().commands.get(create.getCommandId())).isNull();

    // The swarm is planned again, before and after a restart: its secret is not created twice.
    withKeys.advance(Duration.ofSeconds(1));
    assertThat(withKeys.event(withKeys.container(7, 1, "v1")).commands()).extracting(HostCommand::getAction)
        .hasOnlyElementsOfType(CreateService.class).hasSize(1);
    withKeys.restart();
    withKeys.advance(Duration.ofSeconds(1));
    assertThat(withKeys.event(withKeys.container(8, 1, "v1")).commands()).extracting(HostCommand::getAction)
        .hasOnlyElementsOfType(CreateService.class).hasSize(1);
  }

  @Test
  void theTickRetriesWhatIsDueAndLeavesTheRestAsItIs() {
    formSwarm(1, 1);
    HostCommand answered = only(orchestrator.event(orchestrator.container(7, 1, "v1")), CreateService.class);
    orchestrator.result(orchestrator.succeeded(answered, new ServiceOutcome("svc-7")));
    HostCommand silent = only(orchestrator.event(orchestrator.container(8, 1, "v1")), CreateService.class);
    orchestrator.advance(Duration.ofMinutes(1));
    HostCommand recent = only(orchestrator.event(orchestrator.container(9, 1, "v1")), CreateService.class);

    // The first silent command passes its deadline and grace; the recent one does not yet.
    orchestrator.advance(Duration.ofSeconds(91));
    assertThat(orchestrator.tick().commands()).isEmpty();
    assertThat(status(silent)).isEqualTo(TrackedCommand.Status.RETRY_WAIT);
    assertThat(orchestrator.world().commands.get(silent.getCommandId()).errorCode).isEqualTo("NO_RESULT");
    assertThat(status(recent)).isEqualTo(TrackedCommand.Status.PENDING);
    assertThat(status(answered)).isEqualTo(TrackedCommand.Status.SUCCEEDED);

    // Its back-off passes: the same command is sent again, the others are not.
    orchestrator.advance(SETTINGS.backoff());
    assertThat(orchestrator.tick().commands()).extracting(HostCommand::getCommandId)
        .containsExactly(silent.getCommandId());
    assertThat(status(silent)).isEqualTo(TrackedCommand.Status.PENDING);
    assertThat(orchestrator.world().commands.get(silent.getCommandId()).attempts).isEqualTo(2);
    assertThat(status(recent)).isEqualTo(TrackedCommand.Status.PENDING);
  }

  @Test
  void stateLoadsAfterPruningAndTheRestartedTickGoesOn() {
    formSwarm(1, 1);
    HostCommand rotate = rotateTokens();
    orchestrator.advance(PAST_RETENTION);
    orchestrator.tick();
    HostCommand silent = only(orchestrator.event(orchestrator.container(8, 1, "v1")), CreateService.class);
    int commands = orchestrator.world().commands.size();

    orchestrator.restart();
    assertThat(orchestrator.world().commands.size()).isEqualTo(commands);
    assertThat(orchestrator.world().progress.get(1).succeeded).containsValue(rotate.getCommandId());
    assertThat(orchestrator.world().progress.get(1).formed()).isTrue();
    orchestrator.advance(SETTINGS.deadline().plus(SETTINGS.resultGrace()).plusSeconds(1));
    orchestrator.tick();
    assertThat(status(silent)).isEqualTo(TrackedCommand.Status.RETRY_WAIT);
  }

  @Test
  void stateWrittenBeforePruningExistedLoadsAndItsHistoryIsWorkedOff() {
    formSwarm(1, 1);
    for (int i = 0; i < 30; i++) {
      HostCommand create = only(orchestrator.event(orchestrator.container(100 + i, 1, "v1")), CreateService.class);
      orchestrator.result(orchestrator.succeeded(create, new ServiceOutcome("svc-" + i)));
    }
    // The rows as the orchestrator wrote them before: no subject on a command, nothing kept in the progress.
    orchestrator.store.rows.replaceAll((key, json) -> json.replaceAll(",\"subject\":(null|\"[^\"]*\")", "")
        .replace(",\"succeeded\":{}", ""));
    assertThat(orchestrator.store.rows.values()).noneMatch(json -> json.contains("\"subject\"")
        || json.contains("\"succeeded\""));

    InProcessOrchestrator restarted = new InProcessOrchestrator(SETTINGS, new Retention(RETENTION.settledCommands(),
        RETENTION.tombstones(), 10), orchestrator.now());
    restarted.store.rows.putAll(orchestrator.store.rows);
    restarted.restart();
    assertThat(restarted.world().commands.size()).isEqualTo(31);
    assertThat(restarted.world().progress.get(1).services).hasSize(30);

    restarted.advance(PAST_RETENTION);
    restarted.tick();
    assertThat(restarted.world().commands.size()).isEqualTo(21); // ten per tick
    for (int i = 0; i < 3; i++) {
      restarted.tick();
    }
    assertThat(restarted.world().commands.size()).isZero();
    assertThat(restarted.store.rows.keySet()).noneMatch(key -> key.startsWith("command:"));
    assertThat(restarted.world().progress.get(1).services).hasSize(30);
  }

  @Test
  void aDeletedSwarmLeavesNothingBehindOnceItsRetentionsPassed() {
    formSwarm(1, 1);
    HostCommand rotate = rotateTokens();
    orchestrator.advance(Duration.ofSeconds(1));
    NetboxEvent deleted = NetboxEvent.newBuilder().setEventId("evt-delete-swarm-1").setKind(EventKind.DELETED)
        .setObjectType(ObjectType.SWARM).setObjectId(1).setOccurredAt(orchestrator.now()).setUser("admin").build();
    HostCommand dissolve = only(orchestrator.event(deleted), LeaveSwarm.class);
    orchestrator.result(orchestrator.succeeded(dissolve, null));
    assertThat(orchestrator.world().progress.get(1)).isNull();

    orchestrator.advance(PAST_RETENTION);
    orchestrator.tick();
    assertThat(orchestrator.store.rows.keySet()).noneMatch(key -> key.startsWith("command:")
        || key.startsWith("progress:"));
    assertThat(orchestrator.store.rows).containsKey("version:swarm:1"); // a late older event must not revive it

    orchestrator.advance(RETENTION.tombstones());
    orchestrator.tick();
    assertThat(orchestrator.store.rows).doesNotContainKey("version:swarm:1");
  }

  private void formSwarm(long swarm, long manager) {
    HostCommand init = only(orchestrator.event(orchestrator.swarm(swarm, manager, null)), InitSwarm.class);
    orchestrator.result(orchestrator.initialized(init));
    assertThat(orchestrator.world().progress.get(swarm).formed()).isTrue();
    orchestrator.advance(Duration.ofSeconds(1));
  }

  /** NetBox asks swarm 1 to rotate its join tokens; its manager does. */
  private HostCommand rotateTokens() {
    HostCommand rotate = only(orchestrator.event(orchestrator.swarm(1, 1, "rotate-join-tokens")),
        RotateJoinToken.class);
    orchestrator.result(orchestrator.succeeded(rotate, new SwarmOutcome("cluster-1", "node-1", NodeRole.MANAGER,
        tokens(), List.of("10.0.0.1:2377"))));
    return rotate;
  }

  private TrackedCommand.Status status(HostCommand command) {
    return orchestrator.world().commands.get(command.getCommandId()).status;
  }

  private static HostCommand only(Outbox out, Class<?> action) {
    assertThat(out.commands()).hasSize(1);
    HostCommand command = out.commands().get(0);
    assertThat(command.getAction()).isInstanceOf(action);
    return command;
  }

  private static SealedJoinTokens tokens() {
    SealedValue token = new SealedValue("orchestrator", ByteBuffer.wrap(new byte[] {4, 5, 6}));
    return new SealedJoinTokens(token, token);
  }
}
