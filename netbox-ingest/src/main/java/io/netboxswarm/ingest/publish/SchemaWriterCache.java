package io.netboxswarm.ingest.publish;

import java.util.Arrays;

import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;

/**
 * The Apicurio serializer's datum provider, minus a cost per record: the default one keys its writers by the
 * schema's parsing fingerprint, which it computes again for every record (a walk of the whole schema). The schemas
 * the serializer hands over are the same few instances every time (the generated classes' and the registry
 * resolver's cached ones), so writers are looked up by identity first; the writers, and the bytes, are the default
 * provider's. Set as {@code apicurio.registry.avro-datum-provider}.
 */
public class SchemaWriterCache<T> extends DefaultAvroDatumProvider<T> {

  /** Beyond this many distinct instances (a resolver that hands out copies), the default lookup takes over. */
  static final int CAPACITY = 16;

  private record Entry<T>(Schema schema, boolean specific, DatumWriter<T> writer) {
  }

  // copy-on-write: read on every record, written a few times at start
  private volatile Entry<T>[] entries = newEntries(0);

  @Override
  public DatumWriter<T> createDatumWriter(T data, Schema schema) {
    boolean specific = data instanceof org.apache.avro.specific.SpecificRecord;
    Entry<T>[] known = entries;
    for (Entry<T> entry : known) {
      if (entry.schema() == schema && entry.specific() == specific) {
        return entry.writer();
      }
    }
    DatumWriter<T> writer = super.createDatumWriter(data, schema);
    remember(new Entry<>(schema, specific, writer));
    return writer;
  }

  private synchronized void remember(Entry<T> entry) {
    Entry<T>[] known = entries;
    if (known.length < CAPACITY) {
      Entry<T>[] more = Arrays.copyOf(known, known.length + 1);
      more[known.length] = entry;
      entries = more;
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> Entry<T>[] newEntries(int size) {
    return (Entry<T>[]) new Entry<?>[size];
  }
}
