package io.netboxswarm.orchestrator.plan;

import static io.netboxswarm.contracts.NodeRole.MANAGER;
import static io.netboxswarm.contracts.NodeRole.WORKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.netboxswarm.contracts.command.CreateSecret;
import io.netboxswarm.orchestrator.SwarmFixture;
import io.netboxswarm.orchestrator.state.IntentKey;
import io.netboxswarm.orchestrator.state.SwarmProgress.Created;
import io.netboxswarm.orchestrator.state.SwarmProgress.ServiceState;
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
 * The plans of a formed swarm's objects, one transition a row: secrets, overlay networks and services, each after
 * what it depends on. Swarm 5 is formed, host 1 its manager and host 2 its worker. Pure: no broker.
 */
@Tag("fast")
class ObjectPlansTest {

  private static SwarmFixture formed() {
    return new SwarmFixture().wants(List.of(1L), List.of(2L)).formed().member(1, MANAGER).member(2, WORKER);
  }

  static Stream<Arguments> transitions() {
    return Stream.of(
        row("secret: its current version is made on the manager", f -> f.secret(40, 5L, "db", 10),
            List.of("CREATE_SECRET@1"), List.of()),
        row("secret: one without data waits for it", f -> f.secret(40, 5L, "db", -1), List.of(),
            List.of("secret-without-data")),
        row("secret: none is made while the manager has no keyset",
            f -> { f.secret(40, 5L, "db", 10); f.sealable.remove(1L); }, List.of(), List.of()),
        row("secret: one that failed for good is not sent again; its container says why",
            f -> { f.secret(40, 5L, "db", 10).container(50, 2, "app", List.of(40L), List.of());
              f.failed.put(IntentKey.of("secret", 5, 40, 1, "db"), "INVALID_ARGUMENT"); },
            List.of(), List.of("secret-unavailable")),
        row("secret: a deleted Secret's Docker secret is removed",
            f -> f.progress.secretIds.put(40L, new Created("db", "d-40")), List.of("REMOVE_SECRET@1"), List.of()),
        row("secret: a replaced version is removed once every service runs its new spec",
            f -> f.progress.retiredSecrets.put("db", 40L), List.of("REMOVE_SECRET_VERSION@1"), List.of()),
        row("secret: a replaced version waits while a service still changes",
            f -> { f.progress.retiredSecrets.put("db", 40L);
              f.progress.services.put(51L, new ServiceState("gone", "s-51", "x")); },
            List.of("REMOVE_SERVICE@1"), List.of("retired-secret-waits")),
        row("network: an overlay network on a member host is made once, on the manager",
            f -> f.network(60, 2, "backend", "overlay").network(61, 1, "backend", "overlay"),
            List.of("CREATE_NETWORK@1"), List.of()),
        row("network: one no longer in NetBox is removed",
            f -> f.progress.networkIds.put("backend", "n-1"), List.of("REMOVE_NETWORK@1"), List.of()),
        row("service: a container on a member host becomes a service",
            f -> f.container(50, 2, "app", List.of(), List.of()), List.of("CREATE_SERVICE@1"), List.of()),
        row("service: waits for the secret it mounts",
            f -> f.secret(40, 5L, "db", 10).container(50, 2, "app", List.of(40L), List.of()),
            List.of("CREATE_SECRET@1"), List.of("waiting-secret")),
        row("service: waits for its overlay network",
            f -> f.network(60, 2, "backend", "overlay").container(50, 2, "app", List.of(), List.of("backend")),
            List.of("CREATE_NETWORK@1"), List.of("waiting-network")),
        row("service: made once its secret and network exist",
            f -> { f.secret(40, 5L, "db", 10).network(60, 2, "backend", "overlay")
                .container(50, 2, "app", List.of(40L), List.of("backend"));
              f.progress.secretIds.put(40L, new Created("db", "d-40"));
              f.progress.networkIds.put("backend", "n-1"); },
            List.of("CREATE_SERVICE@1"), List.of()),
        row("service: a container gone from the swarm loses its service",
            f -> f.progress.services.put(50L, new ServiceState("app", "s-50", "x")), List.of("REMOVE_SERVICE@1"),
            List.of()),
        row("service: a container whose spec changed gets an update",
            f -> { f.container(50, 2, "app", List.of(), List.of());
              f.progress.services.put(50L, new ServiceState("app", "s-50", "an older digest")); },
            List.of("UPDATE_SERVICE@1"), List.of()),
        row("service: waits while its host is not a member yet",
            f -> f.wants(List.of(1L), List.of(2L, 3L)).container(50, 3, "app", List.of(), List.of()),
            List.of("JOIN@3"), List.of("waiting-node")),
        row("rotation: NetBox's request rotates the join tokens on the manager", f -> f.rotation("evt-9"),
            List.of("ROTATE@1"), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transitions")
  void decides(String transition, Consumer<SwarmFixture> given, List<String> steps, List<String> notices) {
    SwarmFixture swarm = formed();
    given.accept(swarm);

    Decision decision = swarm.decide();

    assertThat(SwarmFixture.steps(decision)).as("steps").isEqualTo(steps);
    assertThat(SwarmFixture.notices(decision)).as("notices").containsExactlyInAnyOrderElementsOf(notices);
    assertThat(decision.violations()).as("violations").isEmpty();
  }

  @Test
  void aSecretIsSealedForTheManagerOnlyWhenTheEdgeBuildsItsCommand() {
    Intent create = formed().secret(40, 5L, "db", 10).decide().intents().get(0);

    CreateSecret command = (CreateSecret) SwarmFixture.command(create);

    assertThat(command.getName()).isEqualTo("db");
    assertThat(StandardCharsets.UTF_8.decode(command.getData().getCiphertext()).toString())
        .isEqualTo("secret 40 as db for host 1");
    assertThat(command.getLabels()).containsEntry("io.netboxswarm.secret-id", "40");
  }

  private static Arguments row(String transition, Consumer<SwarmFixture> given, List<String> steps,
      List<String> notices) {
    return arguments(transition, given, steps, notices);
  }
}
