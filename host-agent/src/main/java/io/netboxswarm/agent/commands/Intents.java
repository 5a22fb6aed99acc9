package io.netboxswarm.agent.commands;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.netboxswarm.agent.docker.Intent;

/**
 * The intents of the commands this agent began and has not published a settled result of: one small properties
 * file per command beside the completed ones, written (and forced to disk) before the engine is touched, removed
 * once the result is published. A crash at any point of an action leaves the file, so the redelivered command
 * finds what the first attempt noted. Facts are names and times, never a secret.
 */
final class Intents {

  private final StateFiles files;

  Intents(Path dir) {
    this.files = new StateFiles(dir, ".intent");
  }

  /** The intent of the command, as an earlier attempt left it, or a new one recorded now. */
  Intent begin(String commandId, String digest) {
    Path file = files.of(commandId, digest);
    Properties facts = read(file);
    if (facts.isEmpty()) {
      facts.setProperty("command-id", commandId);
      write(file, facts);
    }
    return new Stored(file, facts);
  }

  /** Whether an earlier attempt of the command began and did not publish a settled result. */
  boolean begun(String commandId, String digest) {
    return Files.isRegularFile(files.of(commandId, digest));
  }

  void finish(String commandId, String digest) {
    files.delete(files.of(commandId, digest));
  }

  /** Removes the intents written before {@code cutoff}: their commands are long past any deadline. */
  int pruneBefore(java.time.Instant cutoff) {
    return files.pruneBefore(cutoff);
  }

  private Properties read(Path file) {
    Properties facts = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      facts.load(reader);
    } catch (NoSuchFileException none) {
      // a new intent
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the intent " + file, e);
    }
    return facts;
  }

  private void write(Path file, Properties facts) {
    files.writeAtomically(file, out -> {
      try (Writer writer = new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8)) {
        facts.store(writer, null);
      }
    });
  }

  private final class Stored implements Intent {
    private final Path file;
    private final Properties facts;

    Stored(Path file, Properties facts) {
      this.file = file;
      this.facts = facts;
    }

    @Override
    public Optional<String> fact(String name) {
      return Optional.ofNullable(facts.getProperty(name));
    }

    @Override
    public void note(Map<String, String> noted) {
      noted.forEach(facts::setProperty);
      write(file, facts);
    }
  }
}
