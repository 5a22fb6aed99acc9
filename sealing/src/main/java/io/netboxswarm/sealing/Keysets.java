package io.netboxswarm.sealing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.function.UnaryOperator;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;

/**
 * Loads Tink keysets (Tink's JSON format) from a file or from an environment variable. A private keyset is a
 * cleartext secret: keep its file readable by its owner only, or pass it as a Docker/Kubernetes secret.
 */
public final class Keysets {

  private final UnaryOperator<String> env;

  /** Keysets from the process environment. */
  public static Keysets fromEnvironment() {
    return new Keysets(System::getenv);
  }

  /** Keysets from a given environment lookup (tests, properties files). */
  public Keysets(UnaryOperator<String> env) {
    this.env = env;
  }

  /**
   * The private keyset in file {@code file} if given, else in environment variable {@code envVar}.
   *
   * @throws SealingException naming the source (never its content) when absent or not a keyset
   */
  public KeysetHandle privateKeyset(Path file, String envVar) {
    String json = read(file, envVar);
    try {
      return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new SealingException("not a Tink private keyset: " + describe(file, envVar));
    }
  }

  /** The public keyset in file {@code file} if given, else in environment variable {@code envVar}. */
  public KeysetHandle publicKeyset(Path file, String envVar) {
    String json = read(file, envVar);
    try {
      return TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(json);
    } catch (GeneralSecurityException e) {
      throw new SealingException("not a Tink public keyset (a private one is refused here): "
          + describe(file, envVar));
    }
  }

  public static String toPrivateJson(KeysetHandle privateKeyset) {
    try {
      return TinkJsonProtoKeysetFormat.serializeKeyset(privateKeyset, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new SealingException("cannot serialize a private keyset", e);
    }
  }

  public static String toPublicJson(KeysetHandle privateKeyset) {
    try {
      return TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(privateKeyset.getPublicKeysetHandle());
    } catch (GeneralSecurityException e) {
      throw new SealingException("cannot derive a public keyset", e);
    }
  }

  private String read(Path file, String envVar) {
    if (file != null) {
      try {
        return Files.readString(file);
      } catch (IOException e) {
        throw new SealingException("cannot read keyset file " + file + ": " + e.getClass().getSimpleName());
      }
    }
    String value = envVar == null ? null : env.apply(envVar);
    if (value == null || value.isBlank()) {
      throw new SealingException("no keyset: " + describe(file, envVar) + " is not set");
    }
    return value;
  }

  private static String describe(Path file, String envVar) {
    return file != null ? "file " + file : "environment variable " + envVar;
  }
}
