package io.netboxswarm.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.netboxswarm.security.KafkaAcls;

/** The ACL tool (module kafka-security, which cannot depend on this one) names the contracts' topics. */
class KafkaAclsTopicsTest {

  @Test
  void theAclsNameTheContractsTopics() {
    assertThat(KafkaAcls.NETBOX_EVENTS).isEqualTo(Topics.NETBOX_EVENTS);
    assertThat(KafkaAcls.NETBOX_EVENTS_REJECTED).isEqualTo(Topics.NETBOX_EVENTS_REJECTED);
    assertThat(KafkaAcls.AGENT_RESULTS).isEqualTo(Topics.AGENT_RESULTS);
    assertThat(KafkaAcls.AGENT_HEARTBEATS).isEqualTo(Topics.AGENT_HEARTBEATS);
    assertThat(KafkaAcls.SWARM_AUDIT).isEqualTo(Topics.SWARM_AUDIT);
    assertThat(KafkaAcls.NETBOX_WRITES).isEqualTo(Topics.NETBOX_WRITES);
    assertThat(KafkaAcls.DEAD_LETTERS).isEqualTo(Topics.DEAD_LETTERS);
    assertThat(KafkaAcls.COMMANDS_PREFIX + 42).isEqualTo(Topics.commandsFor(42));
    assertThat(KafkaAcls.hostPrincipal(42)).isEqualTo(SealingContext.hostRecipient(42));
  }
}
