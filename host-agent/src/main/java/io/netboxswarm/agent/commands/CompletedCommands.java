package io.netboxswarm.agent.commands;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Optional;

import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

import io.netboxswarm.contracts.result.CommandResult;

/**
 * The results of the commands this agent completed, one small file per command id in the state directory, so
 * that a redelivered command returns its stored result without touching the engine again. A result holds no
 * secret in clear (join tokens in it are sealed for the orchestrator).
 */
public final class CompletedCommands {

  private final Path dir;

  public CompletedCommands(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the agent's state directory " + dir, e);
    }
  }

  public Optional<CommandResult> find(String commandId) {
    Path file = fileOf(commandId);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      return Optional.of(new SpecificDatumReader<>(CommandResult.class)
          .read(null, DecoderFactory.get().binaryDecoder(bytes, null)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the stored result of " + commandId, e);
    }
  }

  /** Stores the result atomically (write, then rename), so a crash never leaves half a file. */
  public void remember(CommandResult result) {
    Path file = fileOf(result.getCommandId());
    try {
      var bytes = new java.io.ByteArrayOutputStream();
      var encoder = EncoderFactory.get().binaryEncoder(bytes, null);
      new SpecificDatumWriter<>(CommandResult.class).write(result, encoder);
      encoder.flush();
      Path tmp = Files.createTempFile(dir, "result", ".tmp");
      Files.write(tmp, bytes.toByteArray());
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the result of " + result.getCommandId(), e);
    }
  }

  // Command ids come from the wire: hex-encode them so that no id can name a path outside the directory.
  private Path fileOf(String commandId) {
    return dir.resolve(HexFormat.of().formatHex(commandId.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + ".result");
  }
}
