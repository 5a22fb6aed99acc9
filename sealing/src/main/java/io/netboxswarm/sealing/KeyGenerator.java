package io.netboxswarm.sealing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Provisions a recipient: {@code KeyGenerator <recipient> <dir>} writes {@code <recipient>.private.json} (mode
 * 0600; give it to that recipient only) and {@code <recipient>.public.json} (give it to its senders).
 */
public final class KeyGenerator {

  private KeyGenerator() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: KeyGenerator <recipient, e.g. orchestrator or host-3> <output dir>");
      System.exit(2);
    }
    Path[] written = generate(args[0], Path.of(args[1]));
    System.out.println("private keyset: " + written[0]);
    System.out.println("public keyset:  " + written[1]);
  }

  /** Writes a new keyset pair for {@code recipient}; returns the private and the public file. */
  public static Path[] generate(String recipient, Path dir) throws IOException {
    Files.createDirectories(dir);
    var keyset = Hpke.newPrivateKeyset();
    Path privateFile = dir.resolve(recipient + ".private.json");
    Path publicFile = dir.resolve(recipient + ".public.json");
    Files.deleteIfExists(privateFile);
    Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(privateFile, Keysets.toPrivateJson(keyset), StandardOpenOption.TRUNCATE_EXISTING);
    Files.writeString(publicFile, Keysets.toPublicJson(keyset));
    return new Path[] {privateFile, publicFile};
  }
}
