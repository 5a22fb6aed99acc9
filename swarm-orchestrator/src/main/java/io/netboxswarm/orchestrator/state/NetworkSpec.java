package io.netboxswarm.orchestrator.state;

/** A Docker network NetBox puts on one host. */
public record NetworkSpec(long id, Long host, String name, String driver) {

  public boolean overlay() {
    return "overlay".equalsIgnoreCase(driver);
  }
}
