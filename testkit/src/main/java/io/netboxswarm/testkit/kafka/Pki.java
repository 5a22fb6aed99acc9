package io.netboxswarm.testkit.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netboxswarm.testkit.RuntimeDirs;

/**
 * The Kafka PKI of the tests, made by the project's own {@code scripts/pki.sh} (keytool) under
 * {@code .runtime/pki}: made once, kept across test JVMs (the script keeps what exists; concurrent runs wait for
 * each other), so a test JVM pays for it only the first time on a machine.
 */
public final class Pki {

  private static Pki shared;

  private final Path dir;

  private Pki(Path dir) {
    this.dir = dir;
  }

  /** The tests' PKI, with the platform's principals issued. */
  public static synchronized Pki shared() {
    if (shared == null) {
      Pki pki = new Pki(RuntimeDirs.runtimeDir().resolve("pki").toAbsolutePath());
      pki.ensure("admin", "broker", "ingest", "orchestrator", "auditor", "host-1", "host-2", "host-3");
      shared = pki;
    }
    return shared;
  }

  public Path dir() {
    return dir;
  }

  /** Issues a keystore to each principal that has none yet. */
  public synchronized void ensure(String... principals) {
    if (Arrays.stream(principals).allMatch(p -> Files.isRegularFile(keystorePath(p)))
        && Files.isRegularFile(truststore())) {
      return;
    }
    List<String> command = new ArrayList<>(List.of("bash",
        RuntimeDirs.projectDir().resolve("scripts/pki.sh").toString(), dir.toString()));
    command.addAll(Arrays.asList(principals));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException("scripts/pki.sh failed: " + new String(output, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run scripts/pki.sh", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while making the PKI", e);
    }
  }

  /** {@code principal}'s keystore (PKCS12), issued on first use. */
  public Path keystore(String principal) {
    ensure(principal);
    return keystorePath(principal);
  }

  public Path truststore() {
    return dir.resolve("truststore.p12");
  }

  public String password() {
    try {
      return Files.readString(dir.resolve("password")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the PKI's password", e);
    }
  }

  /** Kafka client settings for mutual TLS as {@code principal} (without bootstrap servers). */
  public Map<String, Object> sslClientProperties(String principal) {
    Map<String, Object> props = new HashMap<>();
    props.put("security.protocol", "SSL");
    props.put("ssl.keystore.type", "PKCS12");
    props.put("ssl.keystore.location", keystore(principal).toString());
    props.put("ssl.keystore.password", password());
    props.put("ssl.key.password", password());
    props.put("ssl.truststore.type", "PKCS12");
    props.put("ssl.truststore.location", truststore().toString());
    props.put("ssl.truststore.password", password());
    return props;
  }

  private Path keystorePath(String principal) {
    return dir.resolve(principal + ".p12");
  }
}
