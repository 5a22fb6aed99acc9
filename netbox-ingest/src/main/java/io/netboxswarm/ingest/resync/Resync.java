package io.netboxswarm.ingest.resync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netboxswarm.netbox.mapping.MappedWebhook;
import io.netboxswarm.netbox.mapping.NetboxEventMapper;
import io.netboxswarm.netbox.mapping.UnmappableWebhookException;
import io.netboxswarm.ingest.metrics.IngestMetrics;
import io.netboxswarm.ingest.publish.EventPublisher;
import io.netboxswarm.netbox.NetboxApi;
import tools.jackson.databind.JsonNode;

/**
 * Rebuilds the picture from NetBox's REST API after a lost webhook: pages through each plugin endpoint and publishes
 * one SNAPSHOT event per object, stamped with its {@code last_updated}. After a complete pass of an endpoint it
 * publishes a RESYNC_COMPLETED with every id listed, so that the orchestrator deletes what NetBox no longer has
 * (a deletion whose webhook was lost). An object that cannot be mapped is skipped and reported, not fatal, and still
 * counts as present; Kafka or NetBox out of reach stops the run (it is retried by the next one). One run at a time.
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
  private final Clock clock;
  private final Duration netboxClockLag;
  private final ReentrantLock running = new ReentrantLock();

  /**
   * @param netboxClockLag how far NetBox's clock may lag this one: a pass's start in NetBox's time is taken this much
   *     before this clock's, so that nothing NetBox created after the pass began counts as older than it. The
   *     webhook window's {@code max-age}: a NetBox further behind has every webhook refused, so the orchestrator
   *     learns of its objects only through resyncs, which list them.
   */
  public Resync(NetboxApi netbox, NetboxEventMapper mapper, EventPublisher publisher, List<String> endpoints,
      int pageSize, Clock clock, Duration netboxClockLag) {
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
    this.clock = clock;
    this.netboxClockLag = netboxClockLag;
  }

  /** Runs a resync now; throws {@link ResyncBusyException} when one is already running. */
  public ResyncReport run() {
    if (!running.tryLock()) {
      throw new ResyncBusyException();
    }
    try {
      Instant started = clock.instant();
      Map<String, Integer> published = new LinkedHashMap<>();
      Map<String, List<Long>> unmappable = new LinkedHashMap<>();
      List<String> completed = new ArrayList<>();
      for (String endpoint : endpoints) {
        String model = MODELS.get(endpoint);
        ListedObjects listed = new ListedObjects(clock.instant().minus(netboxClockLag));
        int[] count = {0};
        List<Long> skipped = new ArrayList<>();
        int netboxCount = netbox.forEachObject("/api/plugins/docker/" + endpoint + "/?limit=" + pageSize, object -> {
          listed.listed(object);
          MappedWebhook.Event event;
          try {
            event = mapper.snapshot(model, object);
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
        String incomplete = listed.incomplete(netboxCount);
        if (incomplete == null) {
          MappedWebhook.Event marker = mapper.resyncCompleted(model, listed.passStarted(), listed.ids());
          publisher.publish(marker.key(), marker.event(), IngestMetrics.RESYNC);
          completed.add(endpoint);
        } else {
          log.info("resync: {} changed while it was read ({}); what NetBox no longer has is left to the next resync",
              endpoint, incomplete);
        }
      }
      ResyncReport report = new ResyncReport(started, clock.instant(), published, unmappable, completed);
      log.info("resync published {} snapshots {}, complete: {}", report.total(), published, completed);
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
