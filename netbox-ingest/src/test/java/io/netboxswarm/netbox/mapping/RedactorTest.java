package io.netboxswarm.netbox.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.netboxswarm.ingest.Fixture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RedactorTest {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void everySecretOfEveryFixtureIsRedactedAndTheRestKept() {
    for (Fixture fixture : Fixture.all()) {
      String redacted = JSON.writeValueAsString(Redactor.redact(JSON.readTree(fixture.wire())));
      assertThat(redacted).as(fixture.name()).doesNotContain("Agent-Pass", "q9XvL2mN7rT4wY8zB1cD5fG3hJ6kP0sU2aE4iO7u",
          "Ab3dEf6hIj9k", "c3VwZXItc2VjcmV0LXBhc3N3b3Jk", "SWMTKN-1");
    }
    JsonNode host = Redactor.redact(JSON.readTree(Fixture.named("host_created").wire()));
    assertThat(host.get("data").get("endpoint").stringValue()).isEqualTo("https://10.0.0.11:1880");
    assertThat(host.get("data").get("token").stringValue()).isEqualTo("[REDACTED]");
    assertThat(host.get("data").get("name").stringValue()).isEqualTo("docker-host-01");
    assertThat(host.get("snapshots").get("postchange").get("endpoint").stringValue()).isEqualTo("https://10.0.0.11:1880");
    JsonNode secret = Redactor.redact(JSON.readTree(Fixture.named("secret_created_with_data_variant").wire()));
    assertThat(secret.get("data").get("data").stringValue()).isEqualTo("[REDACTED]");
    assertThat(secret.get("data").get("name").stringValue()).isEqualTo("admin_password");
    JsonNode swarm = Redactor.redact(JSON.readTree(Fixture.named("swarm_updated_nodes_removed").wire()));
    assertThat(swarm.get("data").get("JoinTokens").stringValue()).isEqualTo("[REDACTED]");
    assertThat(swarm.get("data").get("SwarmID").stringValue()).isEqualTo("wq2rm5e4zhkd0bk7kl9j1b3xv");
    JsonNode container = Redactor.redact(JSON.readTree(Fixture.named("container_created").wire()));
    assertThat(container.get("data").get("labels").get(0).get("key").stringValue()).isEqualTo("com.example.team");
  }
}
