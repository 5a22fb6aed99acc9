package io.netboxswarm.ingest.resync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netboxswarm.ingest.mapping.MappedWebhook;
import io.netboxswarm.ingest.mapping.NetboxEventMapper;
import io.netboxswarm.ingest.mapping.UnmappableWebhookException;
import io.netboxswarm.ingest.metrics.IngestMetrics;
import io.netboxswarm.ingest.netbox.NetboxApi;
import io.netboxswarm.ingest.publish.EventPublisher;
import tools.jackson.databind.JsonNode;

/**
 * Rebuilds the picture from NetBox's REST API after a lost webhook: pages through each plugin endpoint and publishes
 * one SNAPSHOT event per object. An object that cannot be mapped is skipped and reported, not fatal; Kafka out of
 * reach stops the run (it is retried by the next one). One run at a time.
 */
public final class Resync {

  private static final Logger log = LoggerFactory.getLogger(Resync.class);

  /** REST endpoint under /api/plugins/docker/ to NetBox model name. */
  static final Map<String, String> MODELS = Map.of("hosts", "host", "swarms", "swarm", "secrets", "secret",
      "secret-mounts", "secretmount", "containers", "container", "networks", "network", "volumes", "volume",
      "images", "image");

  private final NetboxApi netbox;
  private final NetboxEventMapper mapper;
  private final EventPublisher publisher;
  private final List<String> endpoints;
  private final int pageSize;
  private final ReentrantLock running = new ReentrantLock();

  public Resync(NetboxApi netbox, NetboxEventMapper mapper, EventPublisher publisher, List<String> endpoints,
      int pageSize) {
    for (String endpoint : endpoints) {
      if (!MODELS.containsKey(endpoint)) {
        throw new IllegalArgumentException("unknown plugin endpoint '" + endpoint + "'; known: " + MODELS.keySet());
      }
    }
    this.netbox = netbox;
    this.mapper = mapper;
    this.publisher = publisher;
    this.endpoints = List.copyOf(endpoints);
    this.pageSize = pageSize;
  }

  /** Runs a resync now; throws {@link ResyncBusyException} when one is already running. */
  public ResyncReport run() {
    if (!running.tryLock()) {
      throw new ResyncBusyException();
    }
    try {
      Instant started = Instant.now();
      Map<String, Integer> published = new LinkedHashMap<>();
      Map<String, List<Long>> unmappable = new LinkedHashMap<>();
      for (String endpoint : endpoints) {
        String model = MODELS.get(endpoint);
        int[] count = {0};
        List<Long> skipped = new ArrayList<>();
        netbox.forEachObject("/api/plugins/docker/" + endpoint + "/?limit=" + pageSize, object -> {
          MappedWebhook.Event event;
          try {
            event = mapper.snapshot(model, object, Instant.now());
          } catch (UnmappableWebhookException e) {
            Long id = object.path("id").isIntegralNumber() ? object.path("id").longValue() : null;
            log.warn("resync: {} {} skipped: {}", model, id, e.getMessage());
            skipped.add(id);
            return;
          }
          publisher.publish(event.key(), event.event(), IngestMetrics.RESYNC);
          count[0]++;
        });
        published.put(endpoint, count[0]);
        if (!skipped.isEmpty()) {
          unmappable.put(endpoint, skipped);
        }
      }
      ResyncReport report = new ResyncReport(started, Instant.now(), published, unmappable);
      log.info("resync published {} snapshots {}", report.total(), published);
      return report;
    } finally {
      running.unlock();
    }
  }

  /** A resync is already running. */
  public static final class ResyncBusyException extends RuntimeException {
    ResyncBusyException() {
      super("a resync is already running");
    }
  }

}
