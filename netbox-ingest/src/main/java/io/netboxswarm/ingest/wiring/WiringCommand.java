package io.netboxswarm.ingest.wiring;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import io.netboxswarm.netbox.NetboxApi;
import io.netboxswarm.netbox.NetboxApiException;
import io.netboxswarm.netbox.NetboxToken;

/**
 * {@code java -cp netbox-ingest.jar -Dloader.main=io.netboxswarm.ingest.wiring.WiringCommand
 * org.springframework.boot.loader.launch.PropertiesLauncher --netbox-url=https://netbox --ingest-url=http://ingest:8081}
 * with {@code NETBOX_SWARM_NETBOX_TOKEN} and {@code NETBOX_SWARM_INGEST_WEBHOOK_SECRET} in the environment, as
 * the ingest reads them (secrets never on the command line, where {@code ps} shows them). Creates or updates the webhook, the event rules and the custom fields.
 */
public final class WiringCommand {

  private WiringCommand() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System::getenv, System.out, System.err));
  }

  /** Runs the command; returns the exit status (0 done, 1 NetBox failed, 2 bad usage). */
  public static int run(String[] args, Function<String, String> env, PrintStream out, PrintStream err) {
    Map<String, String> options = new java.util.HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        err.println("unknown argument " + arg + "; usage: --netbox-url=URL --ingest-url=URL");
        return 2;
      }
      options.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    String netboxUrl = options.get("netbox-url");
    String ingestUrl = options.get("ingest-url");
    String token = env.apply("NETBOX_SWARM_NETBOX_TOKEN");
    String secret = env.apply("NETBOX_SWARM_INGEST_WEBHOOK_SECRET");
    if (netboxUrl == null || ingestUrl == null || token == null || token.isBlank() || secret == null
        || secret.isEmpty()) {
      err.println("usage: --netbox-url=URL --ingest-url=URL, with NETBOX_SWARM_NETBOX_TOKEN and"
          + " NETBOX_SWARM_INGEST_WEBHOOK_SECRET set");
      return 2;
    }
    URI webhookUrl = URI.create(ingestUrl.replaceAll("/+$", "") + "/webhooks/netbox");
    NetboxApi api = new NetboxApi(URI.create(netboxUrl), new NetboxToken(token), Duration.ofSeconds(10));
    try {
      for (NetboxWiring.Step step : new NetboxWiring(api).apply(WiringPlan.of(webhookUrl, secret))) {
        out.println(step.kind() + " '" + step.name() + "' (id " + step.id() + "): " + step.outcome());
      }
      return 0;
    } catch (NetboxApiException e) {
      err.println("wiring failed: " + e.getMessage());
      return 1;
    }
  }
}
