package io.netboxswarm.orchestrator.state;

/** A Docker host as NetBox names it. */
public record HostSpec(long id, String name) {
}
