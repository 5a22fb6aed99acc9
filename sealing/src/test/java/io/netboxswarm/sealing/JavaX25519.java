package io.netboxswarm.sealing;

import java.security.Provider;
import java.security.Security;
import java.util.function.Supplier;

/** Sealers and openers as the agent has them, made in a JVM where Conscrypt is installed: for tests and benchmarks. */
public final class JavaX25519 {

  private JavaX25519() {
  }

  /** Made while no Conscrypt provider is installed: Tink then picks its Java X25519, as in the agent. */
  public static <T> T make(Supplier<T> make) {
    NativeX25519.install();
    Provider conscrypt = Security.getProvider("Conscrypt");
    if (conscrypt == null) {
      throw new IllegalStateException("Conscrypt is not installed: everything here is Java already");
    }
    Security.removeProvider("Conscrypt");
    try {
      return make.get();
    } finally {
      Security.addProvider(conscrypt);
    }
  }
}
