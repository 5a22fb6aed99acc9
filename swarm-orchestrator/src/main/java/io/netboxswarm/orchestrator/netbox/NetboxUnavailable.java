package io.netboxswarm.orchestrator.netbox;

/** NetBox did not take a write-back this time (unreachable, 5xx, 408, 429, its token refused): sent again later. */
final class NetboxUnavailable extends RuntimeException {

  NetboxUnavailable(String reason) {
    super(reason, null, false, false);
  }
}
