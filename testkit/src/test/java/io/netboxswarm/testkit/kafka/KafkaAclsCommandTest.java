package io.netboxswarm.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.netboxswarm.security.KafkaAcls;
import io.netboxswarm.testkit.Platform;

/** The ACL tool as an operator runs it: Kafka's client settings in a file, a subcommand, idempotent. */
@ExtendWith(Platform.class)
class KafkaAclsCommandTest {

  @TempDir
  Path dir;

  @Test
  void grantsAHostItsAclsOnceHoweverOftenItRuns(KafkaBroker kafka) throws Exception {
    Path config = dir.resolve("admin.properties");
    Properties admin = new Properties();
    kafka.clientProperties("admin").forEach((k, v) -> admin.setProperty(k, String.valueOf(v)));
    try (var out = Files.newOutputStream(config)) {
      admin.store(out, null);
    }
    String[] args = {"--command-config", config.toString(), "host", "9"};
    assertThat(KafkaAcls.run(args, quiet(), quiet())).isZero();
    assertThat(KafkaAcls.run(args, quiet(), quiet())).isZero();

    try (Admin client = kafka.admin()) {
      Collection<AclBinding> granted = client.describeAcls(new AclBindingFilter(ResourcePatternFilter.ANY,
          new AccessControlEntryFilter("User:host-9", null, AclOperation.ANY, AclPermissionType.ANY)))
          .values().get();
      assertThat(granted).containsExactlyInAnyOrderElementsOf(KafkaAcls.host(9));
      // Its command topic exists too: the agent may read it but not create it.
      assertThat(client.listTopics().names().get()).contains("agent.commands.9");
    }
  }

  @Test
  void aUsageErrorIsTwo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(KafkaAcls.run(new String[] {"--bootstrap-server", "127.0.0.1:1", "nonsense"}, quiet(),
        new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'nonsense'").contains("usage:");
  }

  private static PrintStream quiet() {
    return new PrintStream(OutputStream.nullOutputStream());
  }
}
