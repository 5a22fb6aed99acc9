package io.netboxswarm.netbox.mapping;

import org.apache.avro.specific.SpecificRecord;

import io.netboxswarm.contracts.netbox.ObjectType;

/**
 * Maps one plugin model to its typed snapshot. The same mapper reads both forms NetBox uses: the REST
 * serialization ({@code data}, a resync page: references are nested objects) and the Django serialization of
 * {@code snapshots} (references are ids, no {@code id} of its own: the caller passes it).
 */
interface ModelMapper<T extends SpecificRecord> {

  /** NetBox's model name, e.g. {@code secretmount}. */
  String model();

  ObjectType objectType();

  /** {@code sealer} seals for the orchestrator, for this one webhook (or resync object). */
  T map(long id, JsonObject object, OrchestratorSealer sealer);
}
