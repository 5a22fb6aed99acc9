package io.netboxswarm.agent.heartbeat;

import java.time.Clock;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.dockerjava.api.DockerClient;

import io.netboxswarm.agent.docker.SwarmObserver;
import io.netboxswarm.agent.metrics.AgentMetrics;
import io.netboxswarm.contracts.Topics;
import io.netboxswarm.contracts.heartbeat.Heartbeat;
import io.netboxswarm.contracts.observed.SwarmObservation;

/** Tells the orchestrator what this engine looks like now; an engine that does not answer is reported as such. */
public final class HeartbeatPublisher implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(HeartbeatPublisher.class);
  static final String AGENT_VERSION = "0.1.0";

  private final long hostId;
  private final DockerClient docker;
  private final SwarmObserver observer;
  private final KafkaProducer<String, Object> producer;
  private final String configuredAddress;
  private final Clock clock;
  private final AgentMetrics metrics;

  public HeartbeatPublisher(long hostId, DockerClient docker, KafkaProducer<String, Object> producer,
      String configuredAddress, Clock clock, AgentMetrics metrics) {
    this.hostId = hostId;
    this.docker = docker;
    this.observer = new SwarmObserver(docker);
    this.producer = producer;
    this.configuredAddress = configuredAddress;
    this.clock = clock;
    this.metrics = metrics;
  }

  @Override
  public void run() {
    Heartbeat heartbeat = observe();
    try {
      producer.send(new ProducerRecord<>(Topics.AGENT_HEARTBEATS, String.valueOf(hostId), heartbeat), (m, e) -> {
        if (e != null) {
          log.warn("heartbeat not sent: {}", e.toString());
        } else {
          metrics.heartbeatAcknowledged();
        }
      });
    } catch (RuntimeException e) {
      // send() throws, rather than fails its future, when the registry cannot be reached to serialize: an
      // exception escaping here would silently end every later heartbeat of the scheduled executor.
      log.warn("heartbeat not sent: {}", e.toString());
    }
  }

  public Heartbeat observe() {
    Heartbeat.Builder heartbeat = Heartbeat.newBuilder().setHostId(hostId).setObservedAt(clock.instant())
        .setAgentVersion(AGENT_VERSION);
    try {
      var version = docker.versionCmd().exec();
      SwarmObservation swarm = observer.observe();
      // Outside a swarm the engine advertises nothing: only the configured address can say where it is.
      String address = configuredAddress != null ? configuredAddress : swarm.getNodeAddr();
      return heartbeat.setEngineReachable(true).setEngineVersion(version.getVersion())
          .setApiVersion(version.getApiVersion()).setHostAddress(address).setSwarm(swarm).build();
    } catch (RuntimeException e) {
      return heartbeat.setEngineReachable(false).setHostAddress(configuredAddress).setError(e.toString()).build();
    }
  }
}
