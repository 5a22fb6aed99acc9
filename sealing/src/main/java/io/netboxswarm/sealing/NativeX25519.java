package io.netboxswarm.sealing;

import java.security.Security;

import org.conscrypt.Conscrypt;

/**
 * Where sealing computes X25519, the costly part of each seal and open. Tink's HPKE computes it in Java unless a JCE
 * provider named "Conscrypt" is installed when a {@link Sealer} or {@link Opener} is made; then it asks that
 * provider, which computes it in BoringSSL: about a sixth of the CPU per seal, a third per open
 * ({@code SealingBenchmark}).
 *
 * <p>A component that has Conscrypt on its classpath (the ingest and the orchestrator declare it; the agent, kept
 * light, does not) gets its provider installed here, once, before its first sealer or opener, at the lowest
 * priority: every lookup that names no provider still finds the JDK's first, TLS included. Where Conscrypt is absent
 * or its native library does not load on the platform, sealing is the same in Java. Either way it is the same HPKE:
 * what one seals, the other opens. {@value #SWITCH_ENV}{@code =false} (or the system property
 * {@value #SWITCH_PROPERTY}) keeps a component on Java, e.g. where policy admits no native crypto.
 */
public final class NativeX25519 {

  public static final String SWITCH_ENV = "NETBOX_SWARM_SEALING_NATIVE";
  public static final String SWITCH_PROPERTY = "netboxswarm.sealing.native";
  private static final String PROVIDER = "Conscrypt";
  private static String implementation;

  private NativeX25519() {
  }

  /**
   * Prints where this JVM computes X25519, e.g. to check a platform:
   * {@code java -cp netbox-ingest.jar -Dloader.main=io.netboxswarm.sealing.NativeX25519
   * org.springframework.boot.loader.launch.PropertiesLauncher}.
   */
  public static void main(String[] args) {
    System.out.println(install());
  }

  /**
   * Installs Conscrypt's provider when it is on the classpath and loads here; the first call decides.
   *
   * @return where X25519 is computed in this JVM, for a start-up log line
   */
  public static synchronized String install() {
    if (implementation == null) {
      implementation = tryInstall();
    }
    return implementation;
  }

  private static String tryInstall() {
    String setting = System.getProperty(SWITCH_PROPERTY, System.getenv(SWITCH_ENV));
    if ("false".equalsIgnoreCase(setting)) {
      return "Java (Tink; " + SWITCH_ENV + "=false)";
    }
    if (Security.getProvider(PROVIDER) != null) {
      return "BoringSSL (a Conscrypt provider the application installed)";
    }
    try {
      Class.forName("org.conscrypt.Conscrypt", false, NativeX25519.class.getClassLoader());
    } catch (ClassNotFoundException absent) {
      return "Java (Tink; Conscrypt is not on the classpath)";
    }
    return Boring.install();
  }

  /** Loaded only once Conscrypt is known to be on the classpath. */
  private static final class Boring {

    static String install() {
      try {
        Conscrypt.checkAvailability();
      } catch (Throwable unavailable) { // UnsatisfiedLinkError and its kin: no native library for this platform
        return "Java (Tink; Conscrypt's native library does not load here: " + unavailable + ")";
      }
      Security.addProvider(Conscrypt.newProvider());
      Conscrypt.Version v = Conscrypt.version();
      return "BoringSSL (Conscrypt " + v.major() + "." + v.minor() + "." + v.patch() + ")";
    }
  }
}
