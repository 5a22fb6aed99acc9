package io.netboxswarm.contracts.evolution;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * The build's schema gate: every type of the committed contracts must still be readable by the working ones
 * (BACKWARD, as the registry enforces), and no committed type may disappear.
 *
 * <p>Run as {@code BackwardCompatibilityCheck <avro dir> <git ref>}; exits non-zero, naming each break, when the
 * working schemas cannot read data written with the schemas at {@code <git ref>}.
 */
public final class BackwardCompatibilityCheck {

  private BackwardCompatibilityCheck() {
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: BackwardCompatibilityCheck <avro dir> <git ref>");
    }
    int status = run(Path.of(args[0]), args[1], System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Checks {@code avroDir} against its committed version at {@code ref}; 0 when compatible, 1 when not. */
  public static int run(Path avroDir, String ref, PrintStream out, PrintStream err)
      throws IOException, InterruptedException {
    Path baselineDir = Files.createTempDirectory("schemas-baseline");
    try {
      if (!CommittedSchemas.extract(avroDir.toAbsolutePath(), ref, baselineDir)) {
        out.println("[schemas] no committed schemas at " + ref + ": nothing to stay compatible with");
        return 0;
      }
      List<String> breaks = breaks(SchemaSet.parse(baselineDir), SchemaSet.parse(avroDir));
      if (!breaks.isEmpty()) {
        err.println("[schemas] not BACKWARD compatible with " + ref + ":");
        breaks.forEach(b -> err.println("  - " + b));
        return 1;
      }
      out.println("[schemas] BACKWARD compatible with " + ref);
      return 0;
    } finally {
      deleteTree(baselineDir);
    }
  }

  /** What keeps {@code working} from reading data written with {@code committed}; empty when nothing does. */
  public static List<String> breaks(SchemaSet committed, SchemaSet working) {
    List<String> breaks = new ArrayList<>();
    committed.types().forEach((name, old) -> {
      Schema now = working.types().get(name);
      if (now == null) {
        breaks.add(name + ": removed");
        return;
      }
      var result = SchemaCompatibility.checkReaderWriterCompatibility(now, old).getResult();
      if (result.getCompatibility() != SchemaCompatibilityType.COMPATIBLE) {
        result.getIncompatibilities().forEach(i ->
            breaks.add(name + ": " + i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")"));
      }
    });
    return breaks;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The {@code .avdl} files as committed at a git ref. */
  static final class CommittedSchemas {

    private CommittedSchemas() {
    }

    /** Copies the committed files into {@code target}; false when git or the ref has none. */
    static boolean extract(Path avroDir, String ref, Path target) throws IOException, InterruptedException {
      String toplevel = git(avroDir, "rev-parse", "--show-toplevel");
      if (toplevel == null) {
        return false;
      }
      Path repoRoot = Path.of(toplevel.strip());
      String relative = repoRoot.relativize(avroDir.toRealPath()).toString();
      // From the root: run in a subdirectory, ls-tree would filter the listing by that directory.
      String listing = git(repoRoot, "ls-tree", "--name-only", ref + ":" + relative);
      if (listing == null) {
        return false;
      }
      boolean any = false;
      for (String name : listing.lines().filter(n -> n.endsWith(".avdl")).toList()) {
        Files.writeString(target.resolve(name), git(repoRoot, "show", ref + ":" + relative + "/" + name));
        any = true;
      }
      return any;
    }

    /** Runs git in {@code dir}; null when it fails (no repository, unknown ref, path not committed). */
    private static String git(Path dir, String... args) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
      command.addAll(List.of(args));
      Process process;
      try {
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      } catch (IOException noGit) {
        return null;
      }
      String out;
      try (InputStream in = process.getInputStream()) {
        out = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return null;
      }
      return out;
    }
  }
}
