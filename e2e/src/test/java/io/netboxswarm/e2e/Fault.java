package io.netboxswarm.e2e;

/** What a chaos run crashes (SIGKILL) and starts again: every part of the system that a site runs. */
enum Fault {
  BROKER, REGISTRY, ORCHESTRATOR, AGENT, ENGINE
}
