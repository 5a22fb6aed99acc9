package io.netboxswarm.sealing;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.google.crypto.tink.KeysetHandle;

/**
 * Provisions a recipient: {@code KeyGenerator <recipient> <dir> [--force]} writes a new private keyset to
 * {@code <dir>/<recipient>.private.json} (mode 0600; give it to that recipient only, as a Docker or Kubernetes
 * secret) and its public keyset to {@code <dir>/<recipient>.public.json} (mode 0644; give it to the senders), and
 * beside them its signing pair (Ed25519): {@code <recipient>.signing.private.json} (0600, the recipient's only: it
 * signs what the recipient sends) and {@code <recipient>.signing.public.json} (0644, for whoever reads its records).
 * It prints where it wrote them and the key id, never the keys. Existing files are kept unless {@code --force}
 * is given. {@code scripts/keygen.sh RECIPIENT DIR} runs it through Maven.
 */
public final class KeyGenerator {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private static final String USAGE_TEXT =
      "usage: KeyGenerator <recipient, e.g. orchestrator or host-3> <output dir> [--force]";

  private static final Set<PosixFilePermission> PRIVATE_MODE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> PUBLIC_MODE = PosixFilePermissions.fromString("rw-r--r--");

  private KeyGenerator() {
  }

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != OK) {
      System.exit(code);
    }
  }

  /** What {@link #main} does, with its streams given; returns the exit code (0, 1 failed, 2 usage). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> operands = new ArrayList<>();
    boolean force = false;
    for (String arg : args) {
      if (arg.equals("--force")) {
        force = true;
      } else if (arg.equals("-h") || arg.equals("--help")) {
        out.println(USAGE_TEXT);
        return OK;
      } else if (arg.startsWith("-")) {
        err.println("unknown option " + arg);
        err.println(USAGE_TEXT);
        return USAGE;
      } else {
        operands.add(arg);
      }
    }
    if (operands.size() != 2) {
      err.println(USAGE_TEXT);
      return USAGE;
    }
    String recipient = operands.get(0);
    if (!Hpke.isValidRecipient(recipient)) {
      err.println("invalid recipient name: use letters, digits, '.', '_' or '-' (e.g. orchestrator or host-3)");
      return USAGE;
    }
    try {
      Generated written = write(recipient, Path.of(operands.get(1)), force);
      out.println("private keyset for " + recipient + " (key " + written.keyId() + "): " + written.privateFile());
      out.println("  give it to " + recipient + " only and protect it like a password file"
          + " (a Docker or Kubernetes secret, mode 0600); never commit it, never log it");
      out.println("public keyset for " + recipient + " (key " + written.keyId() + "):  " + written.publicFile());
      out.println("  give it to the senders that seal values for " + recipient);
      out.println("signing keysets for " + recipient + ": " + Keysets.signingFileBeside(written.privateFile())
          + " (private, " + recipient + " only) and " + Keysets.signingFileBeside(written.publicFile())
          + " (public, for the readers of its records)");
      return OK;
    } catch (FileAlreadyExistsException e) {
      err.println("not replacing " + e.getFile() + ": it exists (remove it, or pass --force to replace the keys of "
          + recipient + ")");
      return FAILED;
    } catch (IOException e) {
      err.println("cannot write the keysets: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return FAILED;
    }
  }

  /** Writes a new keyset pair for {@code recipient}, replacing any; returns the private and the public file. */
  public static Path[] generate(String recipient, Path dir) throws IOException {
    return generate(recipient, dir, true);
  }

  /**
   * Writes a new keyset pair for {@code recipient}; returns the private and the public file.
   *
   * @throws FileAlreadyExistsException when a file exists and {@code replace} is false
   */
  public static Path[] generate(String recipient, Path dir, boolean replace) throws IOException {
    Generated written = write(recipient, dir, replace);
    return new Path[] {written.privateFile(), written.publicFile()};
  }

  private record Generated(Path privateFile, Path publicFile, String keyId) {
  }

  private static Generated write(String recipient, Path dir, boolean replace) throws IOException {
    Hpke.requireValidRecipient(recipient);
    Path directory = dir.toAbsolutePath().normalize();
    Path privateFile = directory.resolve(recipient + ".private.json");
    Path publicFile = directory.resolve(recipient + ".public.json");
    Path signingPrivateFile = Keysets.signingFileBeside(privateFile);
    Path signingPublicFile = Keysets.signingFileBeside(publicFile);
    if (!replace) {
      for (Path file : List.of(privateFile, publicFile, signingPrivateFile, signingPublicFile)) {
        if (Files.exists(file)) {
          throw new FileAlreadyExistsException(file.toString());
        }
      }
    }
    Files.createDirectories(directory);
    KeysetHandle keyset = Hpke.newPrivateKeyset();
    write(privateFile, Keysets.toPrivateJson(keyset), PRIVATE_MODE, replace);
    write(publicFile, Keysets.toPublicJson(keyset), PUBLIC_MODE, replace);
    KeysetHandle signing = Keysets.newSigningKeyset();
    write(signingPrivateFile, Keysets.signingToPrivateJson(signing), PRIVATE_MODE, replace);
    write(signingPublicFile, Keysets.signingToPublicJson(signing), PUBLIC_MODE, replace);
    return new Generated(privateFile, publicFile, Keysets.primaryKeyId(keyset));
  }

  /**
   * Writes {@code json} to a temporary file created with {@code mode} beside {@code target} (so the private key is
   * never readable by others, not even for an instant), then moves it in place.
   */
  private static void write(Path target, String json, Set<PosixFilePermission> mode, boolean replace)
      throws IOException {
    Path directory = target.getParent();
    FileAttribute<?>[] attributes = Files.getFileStore(directory).supportsFileAttributeView("posix")
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
        : new FileAttribute<?>[0];
    Path temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp", attributes);
    try {
      Files.writeString(temporary, json + System.lineSeparator(), StandardCharsets.UTF_8);
      if (replace) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } else {
        Files.move(temporary, target); // fails if the target appeared meanwhile
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
