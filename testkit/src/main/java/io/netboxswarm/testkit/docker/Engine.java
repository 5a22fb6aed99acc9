package io.netboxswarm.testkit.docker;

import java.nio.file.Path;
import java.time.Duration;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

/**
 * One real dockerd of the fixture: its namespace name (also its hostname), its unix socket, the address it has on
 * the engines' bridge (what it advertises to a swarm), and its log file (every start of it on kept data).
 */
public record Engine(int index, String name, String socket, String address, Path log) {

  /** {@code unix:///run/...}, for DOCKER_HOST or an agent's configuration. */
  public String dockerHost() {
    return "unix://" + socket;
  }

  /** Stops this engine's dockerd (an engine restart's first half): its socket answers nothing until {@link #start}. */
  public void stop() {
    DockerEngines.stopEngine(index);
  }

  /** Crashes this engine (a power loss to dockerd, containerd and its containers); {@link #start} restarts it. */
  public void kill() {
    DockerEngines.killEngine(index);
  }

  /** Starts this engine again on its kept data, swarm state included; returns once it answers. */
  public void start() {
    DockerEngines.startEngine(index);
  }

  /** See {@link DockerEngines#forward}: 127.0.0.1:port in this engine's namespace leads to ours. */
  public void forwardLoopback(int... ports) {
    DockerEngines.forward(index, ports);
  }

  /** A new docker-java client on this engine (httpclient5 transport, API version negotiated: 1.41 here). */
  public DockerClient client() {
    var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost()).build();
    var http = new ApacheDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .connectionTimeout(Duration.ofSeconds(5))
        // swarm join blocks up to 20 s on the engine side
        .responseTimeout(Duration.ofSeconds(60))
        .build();
    return DockerClientImpl.getInstance(config, http);
  }
}
