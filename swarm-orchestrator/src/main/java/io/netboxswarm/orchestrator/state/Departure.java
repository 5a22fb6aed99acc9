package io.netboxswarm.orchestrator.state;

/** How far a member's removal went: a manager is demoted first, then each member is drained and leaves. */
public enum Departure { DEMOTED, DRAINED, LEFT }
