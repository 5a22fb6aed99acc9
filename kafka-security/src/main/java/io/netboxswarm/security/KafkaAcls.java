package io.netboxswarm.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The platform's Kafka ACLs: who may read and write what (the README's "Kafka security" table). Every principal is
 * the CN of its client certificate ({@code ssl.principal.mapping.rules=RULE:^CN=([^,]+).*$/$1/,DEFAULT}).
 * Granting is idempotent (Kafka keeps one copy of a binding however often it is created); nothing is ever revoked
 * here.
 *
 * <pre>
 * java -cp ... io.netboxswarm.security.KafkaAcls --command-config admin.properties platform [--application-id ID]
 * java -cp ... io.netboxswarm.security.KafkaAcls --command-config admin.properties host 1 2 3
 * java -cp ... io.netboxswarm.security.KafkaAcls --command-config admin.properties auditor auditor-team-a
 * java -cp ... io.netboxswarm.security.KafkaAcls --command-config admin.properties registry
 * </pre>
 *
 * {@code --command-config} is a properties file of Kafka client settings (as Kafka's own CLIs take), for an admin
 * principal (a super user, or one allowed to ALTER the cluster); {@code --bootstrap-server} overrides its
 * {@code bootstrap.servers}.
 */
public final class KafkaAcls {

  // The same names as io.netboxswarm.contracts.Topics (schemas), which this module cannot depend on: the test
  // broker (testkit) applies these ACLs and schemas' tests use testkit. schemas' KafkaAclsTopicsTest checks them.
  public static final String NETBOX_EVENTS = "netbox.events";
  public static final String NETBOX_EVENTS_REJECTED = "netbox.events.rejected";
  public static final String AGENT_RESULTS = "agent.results";
  public static final String AGENT_HEARTBEATS = "agent.heartbeats";
  public static final String SWARM_AUDIT = "swarm.audit";
  public static final String NETBOX_WRITES = "netbox.writes";
  public static final String DEAD_LETTERS = "swarm.dead-letters";
  public static final String COMMANDS_PREFIX = "agent.commands.";

  public static final String ADMIN = "admin";
  public static final String BROKER = "broker";
  public static final String INGEST = "ingest";
  public static final String ORCHESTRATOR = "orchestrator";
  public static final String AUDITOR = "auditor";
  /** The schema registry's principal where it keeps its schemas in Kafka (Apicurio's KafkaSQL storage). */
  public static final String REGISTRY = "registry";
  /** Its consumer groups' prefix ({@code apicurio.kafkasql.consumer.group-prefix}, set so in docker-compose.yml). */
  public static final String REGISTRY_GROUP_PREFIX = "apicurio-registry-";
  /** Consumer groups an auditor may use start with this. */
  public static final String AUDITOR_GROUP_PREFIX = "auditor-";
  public static final String DEFAULT_APPLICATION_ID = "swarm-orchestrator";

  private KafkaAcls() {
  }

  /** The principal of host {@code hostId}'s agent: its certificate's CN. */
  public static String hostPrincipal(long hostId) {
    return "host-" + hostId;
  }

  /** The consumer group of host {@code hostId}'s agent (HostAgent's {@code group.id}). */
  public static String hostGroup(long hostId) {
    return "host-agent-" + hostId;
  }

  /** An agent: its own command topic and group, and writing results and heartbeats. Nothing else. */
  public static List<AclBinding> host(long hostId) {
    String p = hostPrincipal(hostId);
    List<AclBinding> acls = new ArrayList<>();
    allow(acls, p, ResourceType.TOPIC, COMMANDS_PREFIX + hostId, PatternType.LITERAL, AclOperation.READ,
        AclOperation.DESCRIBE);
    allow(acls, p, ResourceType.GROUP, hostGroup(hostId), PatternType.LITERAL, AclOperation.READ);
    // An idempotent producer needs WRITE on a topic it writes to only (KIP-679, brokers 3.0+): no cluster ACL.
    for (String topic : List.of(AGENT_RESULTS, AGENT_HEARTBEATS, DEAD_LETTERS)) {
      allow(acls, p, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE, AclOperation.DESCRIBE);
    }
    return acls;
  }

  /** The ingest: writes (and, through auto-creation, creates) the events and rejected topics. */
  public static List<AclBinding> ingest() {
    return ingestTopics(PatternType.LITERAL, NETBOX_EVENTS, NETBOX_EVENTS_REJECTED);
  }

  /** The ingest's ACLs on topics of other names ({@code netbox-swarm.ingest.publish.*-topic}), or prefixes. */
  public static List<AclBinding> ingestTopics(PatternType pattern, String... topics) {
    List<AclBinding> acls = new ArrayList<>();
    for (String topic : topics) {
      allow(acls, INGEST, ResourceType.TOPIC, topic, pattern, AclOperation.WRITE, AclOperation.DESCRIBE,
          AclOperation.CREATE);
    }
    return acls;
  }

  /**
   * The orchestrator (a Kafka Streams application under exactly-once v2, its topic provisioner and its NetBox
   * writer): reads events, results and heartbeats (and creates them, as it provisions them); writes and creates
   * every command topic, the audit and the write-backs (which its writer reads back); owns its internal topics,
   * consumer groups and transactional ids, all prefixed with the application id.
   */
  public static List<AclBinding> orchestrator(String applicationId) {
    String p = ORCHESTRATOR;
    List<AclBinding> acls = new ArrayList<>();
    for (String topic : List.of(NETBOX_EVENTS, AGENT_RESULTS, AGENT_HEARTBEATS)) {
      allow(acls, p, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ, AclOperation.DESCRIBE,
          AclOperation.CREATE);
    }
    allow(acls, p, ResourceType.TOPIC, COMMANDS_PREFIX, PatternType.PREFIXED, AclOperation.WRITE,
        AclOperation.DESCRIBE, AclOperation.CREATE);
    allow(acls, p, ResourceType.TOPIC, SWARM_AUDIT, PatternType.LITERAL, AclOperation.WRITE, AclOperation.DESCRIBE,
        AclOperation.CREATE);
    allow(acls, p, ResourceType.TOPIC, NETBOX_WRITES, PatternType.LITERAL, AclOperation.WRITE, AclOperation.READ,
        AclOperation.DESCRIBE, AclOperation.CREATE);
    allow(acls, p, ResourceType.TOPIC, DEAD_LETTERS, PatternType.LITERAL, AclOperation.WRITE, AclOperation.DESCRIBE,
        AclOperation.CREATE);
    // Streams' changelog topics (and an earlier version's inbox, a repartition topic): created, read, written,
    // configured, and purged (DELETE records).
    allow(acls, p, ResourceType.TOPIC, applicationId + "-", PatternType.PREFIXED, AclOperation.ALL);
    // The Streams group (= application id) and the NetBox writer's (<application id>-netbox-writer).
    allow(acls, p, ResourceType.GROUP, applicationId, PatternType.PREFIXED, AclOperation.READ,
        AclOperation.DESCRIBE);
    // Exactly-once v2: transactional.id = <application id>-<process id>-<thread>.
    allow(acls, p, ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED, AclOperation.WRITE,
        AclOperation.DESCRIBE);
    return acls;
  }

  /** An auditor: reads the audit and dead-letter topics, in groups named {@code auditor-...}. */
  public static List<AclBinding> auditor(String principal) {
    List<AclBinding> acls = new ArrayList<>();
    for (String topic : List.of(SWARM_AUDIT, DEAD_LETTERS)) {
      allow(acls, principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ,
          AclOperation.DESCRIBE);
    }
    allow(acls, principal, ResourceType.GROUP, AUDITOR_GROUP_PREFIX, PatternType.PREFIXED, AclOperation.READ);
    return acls;
  }

  /**
   * Apicurio Registry's KafkaSQL storage: its journal and snapshot topics ({@code kafkasql-*}), its events topic
   * ({@code registry-events}), and its consumer groups (a fresh one per start, prefixed).
   */
  public static List<AclBinding> registry(String principal) {
    List<AclBinding> acls = new ArrayList<>();
    allow(acls, principal, ResourceType.TOPIC, "kafkasql-", PatternType.PREFIXED, AclOperation.ALL);
    allow(acls, principal, ResourceType.TOPIC, "registry-events", PatternType.LITERAL, AclOperation.ALL);
    allow(acls, principal, ResourceType.GROUP, REGISTRY_GROUP_PREFIX, PatternType.PREFIXED, AclOperation.ALL);
    return acls;
  }

  /** The ingest's, the orchestrator's and the {@code auditor}'s ACLs (hosts are granted one by one). */
  public static List<AclBinding> platform(String applicationId) {
    List<AclBinding> acls = new ArrayList<>(ingest());
    acls.addAll(orchestrator(applicationId));
    acls.addAll(auditor(AUDITOR));
    return acls;
  }

  /**
   * Creates {@code acls} (those that exist already stay as they are) and returns once the broker {@code admin}
   * talks to lists them all (it authorizes with them from then on).
   */
  public static void apply(Admin admin, Collection<AclBinding> acls) {
    try {
      admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!admin.describeAcls(AclBindingFilter.ANY).values().get(60, TimeUnit.SECONDS).containsAll(acls)) {
        if (System.nanoTime() > until) {
          throw new TimeoutException("created ACLs not listed");
        }
        Thread.onSpinWait();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create the ACLs: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the broker did not create the ACLs within 60 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the ACLs", e);
    }
  }

  /** Creates the hosts' command topics that do not exist yet (the broker's defaults for partitions and replicas). */
  public static void createCommandTopics(Admin admin, List<Long> hostIds) {
    try {
      var existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
      List<org.apache.kafka.clients.admin.NewTopic> missing = hostIds.stream().map(id -> COMMANDS_PREFIX + id)
          .filter(name -> !existing.contains(name))
          .map(name -> new org.apache.kafka.clients.admin.NewTopic(name, java.util.Optional.empty(),
              java.util.Optional.empty()))
          .toList();
      for (var result : admin.createTopics(missing).values().values()) {
        try {
          result.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
            throw e;
          }
        }
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create the command topics: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the broker did not create the command topics within 60 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the command topics", e);
    }
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** {@link #main} without the exit: 0 when granted, 2 for a usage error, 1 when the broker refused or failed. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, Object> client = new HashMap<>();
    String applicationId = DEFAULT_APPLICATION_ID;
    String command = null;
    List<String> operands = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--command-config" -> client.putAll(load(Path.of(value(args, ++i, "--command-config"))));
          case "--bootstrap-server" -> client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
              value(args, ++i, "--bootstrap-server"));
          case "--application-id" -> applicationId = value(args, ++i, "--application-id");
          case "-h", "--help" -> {
            out.println(usage());
            return 0;
          }
          default -> {
            if (command == null) {
              command = args[i];
            } else {
              operands.add(args[i]);
            }
          }
        }
      }
      List<AclBinding> acls = switch (command == null ? "" : command) {
        case "platform" -> platform(applicationId);
        case "host" -> {
          if (operands.isEmpty()) {
            throw new IllegalArgumentException("host needs at least one host id");
          }
          List<AclBinding> all = new ArrayList<>();
          operands.forEach(id -> all.addAll(host(Long.parseLong(id))));
          yield all;
        }
        case "registry" -> {
          List<AclBinding> all = new ArrayList<>();
          (operands.isEmpty() ? List.of(REGISTRY) : operands).forEach(name -> all.addAll(registry(name)));
          yield all;
        }
        case "auditor" -> {
          List<AclBinding> all = new ArrayList<>();
          (operands.isEmpty() ? List.of(AUDITOR) : operands).forEach(name -> all.addAll(auditor(name)));
          yield all;
        }
        default -> throw new IllegalArgumentException("unknown command '" + (command == null ? "" : command) + "'");
      };
      if (!client.containsKey(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)) {
        throw new IllegalArgumentException("no bootstrap.servers (--bootstrap-server or in --command-config)");
      }
      try (Admin admin = Admin.create(client)) {
        apply(admin, acls);
        if ("host".equals(command)) {
          // A host's agent may only read its topic, not create it: made here, its agent finds it at start.
          createCommandTopics(admin, operands.stream().map(Long::parseLong).toList());
        }
      }
      out.println("granted " + acls.size() + " ACL bindings (" + command + " " + String.join(" ", operands) + ")");
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("kafka-acls: " + e.getMessage());
      err.println(usage());
      return 2;
    } catch (RuntimeException e) {
      err.println("kafka-acls: " + e.getMessage());
      return 1;
    }
  }

  private static String usage() {
    return "usage: KafkaAcls [--command-config FILE] [--bootstrap-server HOST:PORT]"
        + " (platform [--application-id ID] | host ID... | auditor [PRINCIPAL...] | registry [PRINCIPAL...])";
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static Map<String, Object> load(Path file) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
    }
    Map<String, Object> map = new HashMap<>();
    properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
    return map;
  }

  private static void allow(List<AclBinding> acls, String principal, ResourceType type, String name,
      PatternType pattern, AclOperation... operations) {
    ResourcePattern resource = new ResourcePattern(type, name, pattern);
    Arrays.stream(operations).forEach(op -> acls.add(new AclBinding(resource,
        new AccessControlEntry("User:" + principal, "*", op, AclPermissionType.ALLOW))));
  }
}
