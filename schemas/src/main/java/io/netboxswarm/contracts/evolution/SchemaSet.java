package io.netboxswarm.contracts.evolution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.idl.IdlReader;

/** Every named Avro type declared by the {@code .avdl} files of one directory, by full name. */
record SchemaSet(Map<String, Schema> types) {

  static SchemaSet parse(Path avroDir) {
    Map<String, Schema> types = new TreeMap<>();
    try (Stream<Path> files = Files.list(avroDir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".avdl")).sorted().toList()) {
        // Each file parses on its own: imports are resolved relative to it.
        new IdlReader().parse(file).getNamedSchemas().forEach(types::putIfAbsent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Avro IDL under " + avroDir, e);
    }
    return new SchemaSet(Map.copyOf(types));
  }
}
