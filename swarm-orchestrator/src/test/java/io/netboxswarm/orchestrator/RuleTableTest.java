package io.netboxswarm.orchestrator;

import static io.netboxswarm.contracts.NodeRole.MANAGER;
import static io.netboxswarm.contracts.NodeRole.WORKER;
import static org.assertj.core.api.Assertions.assertThat;

import io.netboxswarm.contracts.audit.AuditKind;
import io.netboxswarm.contracts.command.JoinSwarm;
import io.netboxswarm.contracts.netbox.ObjectType;
import io.netboxswarm.contracts.observed.LocalNodeState;
import io.netboxswarm.orchestrator.plan.Decision;
import io.netboxswarm.orchestrator.plan.Notice;
import io.netboxswarm.orchestrator.rules.Drift;
import io.netboxswarm.orchestrator.rules.Rule;
import io.netboxswarm.orchestrator.state.ContainerSpec.MountSpec;
import io.netboxswarm.orchestrator.state.HostObservation;
import io.netboxswarm.orchestrator.state.SwarmSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every rule of the table ({@link Rule}) broken once, and what the orchestrator makes of it, without a broker. The
 * switch has a case per rule: a rule added to the table without one here does not compile.
 */
@Tag("fast")
class RuleTableTest {

  @TempDir
  Path tmp;

  @ParameterizedTest
  @EnumSource(Rule.class)
  void isEnforced(Rule rule) {
    SwarmFixture swarm = new SwarmFixture();
    Runnable check = switch (rule) {
      case WORKER_NEEDS_MANAGER -> () -> assertViolation(swarm.wants(List.of(), List.of(2L)), rule);
      case HOST_IN_TWO_SWARMS -> () -> {
        swarm.world.swarms.put(6L, new SwarmSpec(6, "swarm-6", null, null, List.of(2L), List.of(), null));
        assertViolation(swarm.claim(2, 6).wants(List.of(1L), List.of(2L)), rule);
      };
      case HOST_TWICE_IN_SWARM -> () -> assertViolation(swarm.wants(List.of(1L, 2L), List.of(2L)), rule);
      case SECRET_OF_OTHER_SWARM -> () -> assertViolation(formed(swarm).secret(41, 6L, "other", 10)
          .container(50, 2, "app", List.of(41L), List.of()), rule);
      case OVERLAY_ONLY -> () -> assertViolation(formed(swarm).network(60, 2, "local", "bridge"), rule);
      case LAST_MANAGER -> () -> assertViolation(swarm.wants(List.of(), List.of(2L)).formed().member(1, MANAGER)
          .member(2, WORKER), rule);
      case MANAGERS_ONE_AT_A_TIME -> () -> {
        assertThat(swarm.wants(List.of(1L, 2L, 3L, 4L), List.of()).formed().member(1, MANAGER).steps())
            .as("one join").containsExactly("JOIN@2");
        assertThat(new SwarmFixture().wants(List.of(1L), List.of()).formed().member(1, MANAGER)
            .member(2, MANAGER).member(3, MANAGER).steps()).as("one demotion").containsExactly("DEMOTE@1");
      };
      case LAST_MANAGER_LEAVES_LAST -> () -> assertNotice(swarm.wants(List.of(), List.of()).formed().member(1, MANAGER)
          .member(2, WORKER).decide(), "last-manager-waits:1", rule);
      case EVEN_MANAGERS -> () -> assertNotice(swarm.wants(List.of(1L, 2L), List.of()).formed().member(1, MANAGER)
          .member(2, MANAGER).decide(), "even-managers:2", rule);
      case MEMBER_LEFT -> () -> assertThat(Drift.of(formed(swarm).progress, new HostObservation(2, true,
          LocalNodeState.INACTIVE, null, null, null, "192.0.2.2", null), 1)).isEqualTo(rule);
      case CLUSTER_REPLACED -> () -> assertThat(Drift.of(formed(swarm).progress, new HostObservation(1, true,
          LocalNodeState.ACTIVE, "another-cluster", "node-1", MANAGER, "192.0.2.1", null), 1)).isEqualTo(rule);
      case FOREIGN_CLUSTER -> () -> {
        InProcessReconciler orchestrator = new InProcessReconciler(tmp);
        orchestrator.formSwarm(5, List.of(1L), List.of());
        orchestrator.heartbeat(2, LocalNodeState.ACTIVE, "someone-elses", "node-x", WORKER);
        orchestrator.event(ObjectType.SWARM, 5, Events.swarm(5, List.of(1L), List.of(2L)));
        orchestrator.fail(orchestrator.last(2, JoinSwarm.class), "FOREIGN_CLUSTER", "in another swarm", false);
        assertThat(orchestrator.audits()).anyMatch(a -> a.getKind() == AuditKind.VIOLATION
            && a.getRule().equals(rule.id()) && a.getHostId() == 2);
        assertThat(orchestrator.journal("host", 2)).hasSize(1);
      };
      case ADMISSION_POLICY -> () -> assertViolation(formed(swarm).container(50, 2, "app", List.of(), List.of(),
          List.of(new MountSpec(true, "/var/run/docker.sock", "/sock", false))), rule);
      case DOCKER_SECRET_LIMITS -> () -> assertViolation(formed(swarm).secret(40, 5L, "db", 600 * 1024), rule);
      case DOCKER_SERVICE_NAME -> () -> assertViolation(formed(swarm).container(50, 2, "no spaces, please", List.of(),
          List.of()), rule);
    };
    check.run();
  }

  private static SwarmFixture formed(SwarmFixture swarm) {
    return swarm.wants(List.of(1L), List.of(2L)).formed().member(1, MANAGER).member(2, WORKER);
  }

  private static void assertViolation(SwarmFixture swarm, Rule rule) {
    Decision decision = swarm.decide();
    assertThat(decision.violations()).as("violations").extracting(v -> v.rule()).containsExactly(rule);
    assertThat(decision.violations().get(0).message()).isNotBlank();
  }

  private static void assertNotice(Decision decision, String key, Rule rule) {
    assertThat(decision.notices()).extracting(Notice::key, Notice::rule).contains(
        org.assertj.core.groups.Tuple.tuple(key, rule.id()));
  }
}
