package io.netboxswarm.testkit.docker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;

/**
 * The engines are one resource of the machine: {@code engines.sh up} starts them clean and the end of the JVM that
 * started them takes them down, so two JVMs using them at once break each other (a test run started beside a chaos
 * batch took the batch's engines away mid-run). The JVM that starts them holds this lease, a lock on a file, for as
 * long as it runs; another JVM waits for it, then fails saying which process holds it.
 */
final class EngineLease {

  /** Where the lease lives unless {@code netboxswarm.engines.lease} names another file. */
  static final Path DEFAULT = Path.of("/run/netbox-swarm/engines.lease");
  private static final Duration REPORT_EVERY = Duration.ofMinutes(1);

  private EngineLease() {
  }

  /**
   * Returns once this JVM holds the lease on {@code file} (kept until the JVM ends, or the lock is released), or
   * throws after {@code patience}, naming the process that holds it.
   */
  static FileLock acquire(Path file, Duration patience) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      long deadline = System.nanoTime() + patience.toNanos();
      long nextReport = System.nanoTime();
      while (true) {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          channel.truncate(0);
          channel.write(ByteBuffer.wrap(String.valueOf(ProcessHandle.current().pid())
              .getBytes(StandardCharsets.UTF_8)), 0);
          return lock;
        }
        String holder = holder(file);
        if (System.nanoTime() > deadline) {
          channel.close();
          throw new IllegalStateException("the Docker engines are in use by " + holder + " for longer than "
              + patience + " (lease " + file + "): wait for it to end, or stop it");
        }
        if (System.nanoTime() >= nextReport) {
          System.err.println("[engines] waiting for the engines, in use by " + holder);
          nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
        }
        Thread.sleep(500);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot take the engines' lease " + file + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the engines' lease " + file, e);
    }
  }

  /** The process the file names, with its main class when it is still running. */
  private static String holder(Path file) throws IOException {
    String pid = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (!pid.matches("[0-9]+")) {
      return "another process";
    }
    // Read from /proc: ProcessHandle gives no arguments for a command line as long as a class path makes it.
    try {
      String[] arguments = new String(Files.readAllBytes(Path.of("/proc", pid, "cmdline")), StandardCharsets.UTF_8)
          .split("\0");
      return "process " + pid + mainClass(arguments).map(main -> " (" + main + ")").orElse("");
    } catch (IOException ended) {
      return "process " + pid;
    }
  }

  /**
   * A java command's main class (or {@code -jar}'s jar): the first argument after the command that is neither an
   * option nor an option's value.
   */
  private static Optional<String> mainClass(String[] arguments) {
    for (int i = 1; i < arguments.length; i++) {
      String argument = arguments[i];
      if (argument.equals("-cp") || argument.equals("-classpath") || argument.equals("--class-path")) {
        i++;
      } else if (argument.equals("-jar") && i + 1 < arguments.length) {
        return Optional.of(arguments[i + 1]);
      } else if (!argument.startsWith("-")) {
        return Optional.of(argument);
      }
    }
    return Optional.empty();
  }
}
