package io.netboxswarm.orchestrator.commands;

import io.netboxswarm.orchestrator.state.SwarmProgress;
import io.netboxswarm.orchestrator.state.TrackedCommand;
import io.netboxswarm.orchestrator.state.World;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The commands sent and their fate, looked up by intent. A command id is a digest of its intent key (and of how
 * many times a permanent failure of it was cleared by a NetBox change), so the same intent always has the same id.
 */
public final class CommandLedger {

  private final World world;

  public CommandLedger(World world) {
    this.world = world;
  }

  public static String commandId(SwarmProgress progress, String intentKey) {
    int resets = progress.resets.getOrDefault(intentKey, 0);
    return "cmd-" + digest(intentKey + "#" + resets).substring(0, 24);
  }

  public TrackedCommand find(SwarmProgress progress, String intentKey) {
    return world.commands.get(commandId(progress, intentKey));
  }

  public boolean succeeded(SwarmProgress progress, String intentKey) {
    TrackedCommand c = find(progress, intentKey);
    return c != null && c.status == TrackedCommand.Status.SUCCEEDED;
  }

  public boolean open(SwarmProgress progress, String intentKey) {
    TrackedCommand c = find(progress, intentKey);
    return c != null && c.open();
  }

  public static String digest(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
