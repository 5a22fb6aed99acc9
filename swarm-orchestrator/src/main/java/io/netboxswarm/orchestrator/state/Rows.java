package io.netboxswarm.orchestrator.state;

import java.util.Collection;

/** One kind of state as a decision reads it: by id, or all of it. */
public interface Rows<V> {

  V get(Object id);

  Collection<V> values();
}
