package io.netboxswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** How long the agent keeps a completed command's result and a begun command's intent: a week unless set. */
@org.junit.jupiter.api.Tag("fast")
class AgentStateRetentionSettingTest {

  @Test
  void aWeekByDefaultAndAnyDurationInTheAgentsUnits() {
    assertThat(AgentConfig.of(Map.of("NETBOX_SWARM_AGENT_HOST_ID", "7")).stateRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(retention("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(retention("36h")).isEqualTo(Duration.ofHours(36));
    assertThat(retention("P1DT12H")).isEqualTo(Duration.ofHours(36));
  }

  @Test
  void aRetentionThatIsNotADurationEndsTheStartNamingTheSetting() {
    assertThatThrownBy(() -> retention("a week")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NETBOX_SWARM_AGENT_STATE_RETENTION");
  }

  private static Duration retention(String value) {
    return AgentConfig.of(Map.of("NETBOX_SWARM_AGENT_HOST_ID", "7", "NETBOX_SWARM_AGENT_STATE_RETENTION", value)).stateRetention();
  }
}
