package io.netboxswarm.ingest.wiring;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * What NetBox must hold for the ingest to receive its events: one webhook pointing at the ingest (with the shared
 * secret), one event rule per object type of the contract, and the custom fields the orchestrator writes back.
 */
public record WiringPlan(URI ingestWebhookUrl, String webhookSecret, String webhookName, List<String> models) {

  public static final String DEFAULT_WEBHOOK_NAME = "netbox-swarm ingest";
  public static final List<String> CONTRACT_MODELS =
      List.of("host", "swarm", "secret", "secretmount", "container", "network", "volume", "image");

  public WiringPlan {
    Objects.requireNonNull(ingestWebhookUrl, "ingest webhook URL");
    if (webhookSecret == null || webhookSecret.isEmpty()) {
      throw new IllegalArgumentException("a webhook secret is required: NetBox signs with it, the ingest checks it");
    }
    models = List.copyOf(models);
  }

  public static WiringPlan of(URI ingestWebhookUrl, String webhookSecret) {
    return new WiringPlan(ingestWebhookUrl, webhookSecret, DEFAULT_WEBHOOK_NAME, CONTRACT_MODELS);
  }

  @Override
  public String toString() {
    return "WiringPlan[" + ingestWebhookUrl + ", secret=<redacted>, " + webhookName + ", " + models + "]";
  }
}
