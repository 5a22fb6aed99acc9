package io.netboxswarm.sealing;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PrivateKey;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;

import io.netboxswarm.sealing.SealingException.Reason;

/**
 * Loads, makes and writes Tink keysets in Tink's JSON format, from a file or from an environment variable.
 *
 * <p>A recipient (the orchestrator, each host agent) holds its <em>private</em> keyset; its senders hold its
 * <em>public</em> keyset, derived from the private one ({@link #publicKeysetOf}, {@link #toPublicJson}). The private
 * keyset is stored in clear: protect its file like a password file (mode 0600, a Docker or Kubernetes secret
 * mounted read-only, never in git, never in a log). An environment variable is visible to {@code docker inspect}
 * and in {@code /proc/<pid>/environ}: prefer a file for the private keyset.
 *
 * <p>Only keysets of HPKE keys with Tink's key-id prefix are accepted, and a keyset that holds private key material
 * is refused where a public one is expected. Error messages name the file or the variable, never its content.
 * The environment lookup is injectable so that tests need not set real environment variables.
 */
public final class Keysets {

  static {
    // Parsing needs the HPKE and signature key managers registered; in a fresh JVM nothing else may have done it.
    Hpke.parameters();
    Signatures.ensureRegistered();
  }

  private final Function<String, String> env;

  /** Keysets from the process environment. */
  public static Keysets fromEnvironment() {
    return new Keysets(System::getenv);
  }

  /** Keysets from a given environment lookup ({@code Map::get} in tests, a properties file, ...). */
  public Keysets(Function<String, String> env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  /**
   * The private keyset in file {@code file} if given, else in environment variable {@code envVar}.
   *
   * @throws SealingException (KEYSET_UNAVAILABLE, INVALID_KEYSET) naming the source, never quoting its content
   */
  public KeysetHandle privateKeyset(Path file, String envVar) {
    return parsePrivate(read(file, envVar), describe(file, envVar));
  }

  /**
   * The public keyset in file {@code file} if given, else in environment variable {@code envVar}. A keyset holding
   * private key material is refused: a sender must not hold it.
   */
  public KeysetHandle publicKeyset(Path file, String envVar) {
    return parsePublic(read(file, envVar), describe(file, envVar));
  }

  /**
   * The private signing keyset (Ed25519) in file {@code file} if given, else in environment variable
   * {@code envVar}: what this principal signs its records with.
   */
  public KeysetHandle signingPrivateKeyset(Path file, String envVar) {
    String source = describe(file, envVar);
    KeysetHandle keyset = parse(read(file, envVar), source, true);
    Signatures.requireSigningKeys(keyset, true, source);
    return keyset;
  }

  /** The public signing keyset of a principal whose records this reader verifies; a private one is refused. */
  public KeysetHandle signingPublicKeyset(Path file, String envVar) {
    String json = read(file, envVar);
    String source = describe(file, envVar);
    if (holdsPrivateKey(json)) {
      throw new SealingException(Reason.INVALID_KEYSET, "not a public signing keyset (a private one is refused here): "
          + source + " holds private key material; a verifier holds only the signer's public keyset");
    }
    KeysetHandle keyset = parse(json, source, false);
    Signatures.requireSigningKeys(keyset, false, source);
    return keyset;
  }

  /** A new private signing keyset with one Ed25519 key. */
  public static KeysetHandle newSigningKeyset() {
    return Signatures.newPrivateKeyset();
  }

  /**
   * The signing keyset file that goes with a sealing keyset file, as {@link KeyGenerator} writes them side by side:
   * {@code host-3.private.json} → {@code host-3.signing.private.json}, {@code x.public.json} →
   * {@code x.signing.public.json}. Null for null.
   */
  public static Path signingFileBeside(Path keysetFile) {
    if (keysetFile == null) {
      return null;
    }
    String name = keysetFile.getFileName().toString();
    for (String kind : new String[] {".private.json", ".public.json"}) {
      if (name.endsWith(kind)) {
        return keysetFile.resolveSibling(name.substring(0, name.length() - kind.length()) + ".signing" + kind);
      }
    }
    int dot = name.lastIndexOf('.');
    return keysetFile.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".signing"
        + (dot > 0 ? name.substring(dot) : ""));
  }

  /** A private signing keyset in Tink's JSON format, in clear: key material, for a protected file only. */
  static String signingToPrivateJson(KeysetHandle keyset) {
    Signatures.requireSigningKeys(keyset, true, "the signing keyset");
    try {
      return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new SealingException(Reason.INVALID_KEYSET, "cannot serialize a signing keyset ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /** The public signing keyset of a private one in Tink's JSON format: what verifiers get. */
  static String signingToPublicJson(KeysetHandle privateKeyset) {
    Signatures.requireSigningKeys(privateKeyset, true, "the signing keyset");
    try {
      return TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(privateKeyset.getPublicKeysetHandle());
    } catch (GeneralSecurityException e) {
      throw new SealingException(Reason.INVALID_KEYSET, "cannot serialize a public signing keyset ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  private static KeysetHandle parse(String json, String source, boolean withSecret) {
    try {
      return withSecret
          ? TinkJsonProtoKeysetFormat.parseKeyset(Objects.requireNonNull(json, "json"), InsecureSecretKeyAccess.get())
          : TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(Objects.requireNonNull(json, "json"));
    } catch (GeneralSecurityException | RuntimeException e) {
      // the parser's message may quote the input: it is dropped
      throw new SealingException(Reason.INVALID_KEYSET, source + " is not a keyset in Tink's JSON format");
    }
  }

  /** A new private keyset with one HPKE key (DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM). */
  public static KeysetHandle newPrivateKeyset() {
    return Hpke.newPrivateKeyset();
  }

  /** The public keyset of a private one: what its senders get. */
  public static KeysetHandle publicKeysetOf(KeysetHandle privateKeyset) {
    enabledKeys(privateKeyset, true, "the keyset");
    try {
      return privateKeyset.getPublicKeysetHandle();
    } catch (GeneralSecurityException e) {
      throw new SealingException(Reason.INVALID_KEYSET, "cannot derive a public keyset ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /** Parses a private keyset from its Tink JSON; {@code source} names it in errors ("file x", "variable Y"). */
  public static KeysetHandle parsePrivate(String json, String source) {
    KeysetHandle keyset;
    try {
      keyset = TinkJsonProtoKeysetFormat.parseKeyset(Objects.requireNonNull(json, "json"), InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException | RuntimeException e) {
      // the parser's message may quote the input: it is dropped
      throw new SealingException(Reason.INVALID_KEYSET, "not a Tink private keyset: " + source
          + " is not a keyset in Tink's JSON format");
    }
    enabledKeys(keyset, true, source);
    return keyset;
  }

  /** Parses a public keyset from its Tink JSON, refusing one that holds private key material. */
  public static KeysetHandle parsePublic(String json, String source) {
    KeysetHandle keyset;
    try {
      keyset = TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(Objects.requireNonNull(json, "json"));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new SealingException(Reason.INVALID_KEYSET, holdsPrivateKey(json)
          ? "not a Tink public keyset (a private one is refused here): " + source
              + " holds private key material; a sender must hold only the recipient's public keyset"
          : "not a Tink public keyset: " + source + " is not a keyset in Tink's JSON format");
    }
    enabledKeys(keyset, false, source);
    return keyset;
  }

  /**
   * The private keyset in Tink's JSON format, in clear. This string is key material: write it to a protected file
   * only; never log it, never send it.
   */
  public static String toPrivateJson(KeysetHandle privateKeyset) {
    enabledKeys(privateKeyset, true, "the keyset");
    try {
      return TinkJsonProtoKeysetFormat.serializeKeyset(privateKeyset, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new SealingException(Reason.INVALID_KEYSET, "cannot serialize a private keyset ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /** The public keyset of {@code keyset} (private or already public) in Tink's JSON format. */
  public static String toPublicJson(KeysetHandle keyset) {
    KeysetHandle publicKeyset = holdsPrivateKey(keyset) ? publicKeysetOf(keyset) : keyset;
    enabledKeys(publicKeyset, false, "the keyset");
    try {
      return TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(publicKeyset);
    } catch (GeneralSecurityException e) {
      throw new SealingException(Reason.INVALID_KEYSET, "cannot serialize a public keyset ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /** Id (8 hex digits) of the keyset's primary key: the key new values are sealed with. */
  public static String primaryKeyId(KeysetHandle keyset) {
    return Hpke.formatKeyId(keyset.getPrimary().getId());
  }

  /**
   * The enabled keys of a keyset whose keys are all HPKE keys with Tink's prefix, by id; {@code wantPrivate} says
   * whether every key must be private or every key public.
   */
  static Map<String, RecipientKey> enabledKeys(KeysetHandle keyset, boolean wantPrivate, String source) {
    Objects.requireNonNull(keyset, "keyset");
    Map<String, RecipientKey> keys = new LinkedHashMap<>();
    for (int i = 0; i < keyset.size(); i++) {
      KeysetHandle.Entry entry = keyset.getAt(i);
      Key key = entry.getKey();
      HpkePublicKey publicKey;
      if (key instanceof HpkePrivateKey privateKey) {
        if (!wantPrivate) {
          throw new SealingException(Reason.INVALID_KEYSET, "not a Tink public keyset (a private one is refused"
              + " here): " + source + " holds private key material; a sender must hold only the public keyset");
        }
        publicKey = privateKey.getPublicKey();
      } else if (key instanceof HpkePublicKey hpkePublicKey) {
        if (wantPrivate) {
          throw new SealingException(Reason.INVALID_KEYSET, "not a Tink private keyset: " + source
              + " holds public keys only; opening needs the recipient's private keyset");
        }
        publicKey = hpkePublicKey;
      } else {
        throw new SealingException(Reason.INVALID_KEYSET, source + " holds a key that is not an HPKE key ("
            + key.getClass().getSimpleName() + "); make keysets with io.netboxswarm.sealing.KeyGenerator");
      }
      if (publicKey.getParameters().getVariant() != HpkeParameters.Variant.TINK) {
        throw new SealingException(Reason.INVALID_KEYSET, source + " holds an HPKE key without Tink's key-id prefix"
            + " (variant " + publicKey.getParameters().getVariant() + "); make keysets with KeyGenerator");
      }
      if (entry.getStatus().equals(KeyStatus.ENABLED)) {
        RecipientKey recipientKey = RecipientKey.of(entry.getId(), publicKey);
        keys.put(recipientKey.id(), recipientKey);
      }
    }
    if (keys.isEmpty()) {
      throw new SealingException(Reason.INVALID_KEYSET, source + " has no enabled key");
    }
    return keys;
  }

  private static boolean holdsPrivateKey(String json) {
    try {
      return holdsPrivateKey(TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get()));
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static boolean holdsPrivateKey(KeysetHandle keyset) {
    for (int i = 0; i < keyset.size(); i++) {
      if (keyset.getAt(i).getKey() instanceof PrivateKey) {
        return true;
      }
    }
    return false;
  }

  private String read(Path file, String envVar) {
    if (file != null) {
      try {
        return Files.readString(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new SealingException(Reason.KEYSET_UNAVAILABLE, "cannot read keyset file " + file + ": it does not exist");
      } catch (CharacterCodingException e) {
        throw new SealingException(Reason.INVALID_KEYSET, "keyset file " + file + " is not UTF-8 text");
      } catch (IOException e) {
        throw new SealingException(Reason.KEYSET_UNAVAILABLE, "cannot read keyset file " + file + ": "
            + e.getClass().getSimpleName());
      }
    }
    if (envVar == null) {
      throw new SealingException(Reason.KEYSET_UNAVAILABLE, "no keyset: neither a file nor an environment variable"
          + " was given");
    }
    String value = env.apply(envVar);
    if (value == null || value.isBlank()) {
      throw new SealingException(Reason.KEYSET_UNAVAILABLE, "no keyset: environment variable " + envVar
          + " is not set");
    }
    return value;
  }

  private static String describe(Path file, String envVar) {
    return file != null ? "file " + file : "environment variable " + envVar;
  }

  @Override
  public String toString() {
    return "Keysets";
  }
}
