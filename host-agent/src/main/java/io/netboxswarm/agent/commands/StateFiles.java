package io.netboxswarm.agent.commands;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One directory of the agent's state: a file per command (named by its id and the digest of its signed bytes),
 * written atomically and forced to disk, and removed once older than the retention.
 */
final class StateFiles {

  /** What goes into a file. */
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private final Path dir;
  private final String suffix;

  StateFiles(Path dir, String suffix) {
    this.dir = dir;
    this.suffix = suffix;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the agent's state directory " + dir, e);
    }
  }

  // Command ids come from the wire: hex-encode them so that no id can name a path outside the directory.
  Path of(String commandId, String digest) {
    if (!digest.matches("[0-9a-f]{1,64}")) {
      throw new IllegalArgumentException("a command digest is lower-case hex");
    }
    return dir.resolve(HexFormat.of().formatHex(commandId.getBytes(StandardCharsets.UTF_8)) + "." + digest
        + suffix);
  }

  /** Write, force, then rename over the file: a crash leaves the old file or the new one, never half of one. */
  void writeAtomically(Path file, Content content) {
    try {
      Path tmp = Files.createTempFile(dir, "state", ".tmp");
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        OutputStream out = java.nio.channels.Channels.newOutputStream(channel);
        content.writeTo(new java.io.FilterOutputStream(out) {
          @Override
          public void close() {
            // the channel is forced and closed below, not by the writer
          }
        });
        out.flush();
        channel.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      forceDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the agent's state file " + file.getFileName(), e);
    }
  }

  void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the agent's state file " + file.getFileName(), e);
    }
  }

  /** Removes this directory's files last written before {@code cutoff}; returns how many. */
  int pruneBefore(Instant cutoff) {
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path file : entries) {
        String name = file.getFileName().toString();
        if ((name.endsWith(suffix) || name.endsWith(".tmp"))
            && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
          Files.deleteIfExists(file);
          removed++;
        }
      }
    } catch (NoSuchFileException gone) {
      // a file removed meanwhile
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prune the agent's state directory " + dir, e);
    }
    return removed;
  }

  /** The rename itself must survive a power loss too. */
  private void forceDirectory() {
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException notSupported) {
      // some file systems cannot force a directory; the rename is still atomic
    }
  }
}
