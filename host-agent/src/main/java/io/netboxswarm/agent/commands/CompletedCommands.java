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
 * The results of the commands this agent completed, one small file per command in the state directory, so that a
 * redelivered command returns its stored result without touching the engine again. A command is named by its id
 * AND the digest of its signed bytes: a record that reuses a real command's id with other content (which would not
 * be signed anyway) can never be answered with, nor spoil, the real one's result. A result holds no secret in
 * clear (join tokens in it are sealed for the orchestrator).
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

  public Optional<CommandResult> find(String commandId, String digest) {
    Path file = fileOf(commandId, digest);
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
  public void remember(CommandResult result, String digest) {
    Path file = fileOf(result.getCommandId(), digest);
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
  private Path fileOf(String commandId, String digest) {
    if (!digest.matches("[0-9a-f]{1,64}")) {
      throw new IllegalArgumentException("a command digest is lower-case hex");
    }
    return dir.resolve(HexFormat.of().formatHex(commandId.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + "." + digest + ".result");
  }
}
