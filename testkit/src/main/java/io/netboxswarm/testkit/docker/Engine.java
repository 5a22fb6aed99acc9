package io.netboxswarm.testkit.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

  /**
   * The docker CLI against this engine ({@code docker -H <socket> args...}), {@code input} on its standard input;
   * its output (standard error merged in). Fails with the command and that output when it exits non-zero or is not
   * done within {@code timeout}.
   */
  public String cli(byte[] input, Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of("docker", "-H", dockerHost()));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (var stdin = process.getOutputStream()) {
        stdin.write(input);
      }
      // Read on the side, so that a command that never ends cannot hold this thread past the timeout.
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
        try {
          return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " not done within " + timeout);
      }
      String output = out.get(5, TimeUnit.SECONDS);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue() + ": "
            + output);
      }
      return output;
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException(String.join(" ", command) + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@link #cli(byte[], Duration, String...)} with nothing on standard input and 60 s to finish. */
  public String cli(String... args) {
    return cli(new byte[0], Duration.ofSeconds(60), args);
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
