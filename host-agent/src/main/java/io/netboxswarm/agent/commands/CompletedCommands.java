package io.netboxswarm.agent.commands;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

import io.netboxswarm.contracts.result.CommandResult;

/**
 * The results of the commands this agent completed, one small file per command in the state directory, so that a
 * redelivered command returns its stored result without touching the engine again. A command is named by its id
 * AND the digest of its signed bytes: a record that reuses a real command's id with other content (which would not
 * be signed anyway) can never be answered with, nor spoil, the real one's result. A result holds no secret in
 * clear (join tokens in it are sealed for the orchestrator). Files older than the retention are removed
 * ({@link #pruneBefore}): a command is redelivered within minutes, never after days.
 */
public final class CompletedCommands {

  private final StateFiles files;

  public CompletedCommands(Path dir) {
    this.files = new StateFiles(dir, ".result");
  }

  public Optional<CommandResult> find(String commandId, String digest) {
    Path file = files.of(commandId, digest);
    try {
      byte[] bytes = Files.readAllBytes(file);
      return Optional.of(new SpecificDatumReader<>(CommandResult.class)
          .read(null, DecoderFactory.get().binaryDecoder(bytes, null)));
    } catch (NoSuchFileException none) {
      return Optional.empty(); // never completed, or pruned
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the stored result of " + commandId, e);
    }
  }

  /** Stores the result atomically (write, then rename), so a crash never leaves half a file. */
  public void remember(CommandResult result, String digest) {
    files.writeAtomically(files.of(result.getCommandId(), digest), out -> {
      var encoder = EncoderFactory.get().binaryEncoder(out, null);
      new SpecificDatumWriter<>(CommandResult.class).write(result, encoder);
      encoder.flush();
    });
  }

  /** Removes the results stored before {@code cutoff}; returns how many. */
  public int pruneBefore(Instant cutoff) {
    return files.pruneBefore(cutoff);
  }
}
