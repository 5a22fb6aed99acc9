package io.netboxswarm.agent.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;

import io.netboxswarm.agent.metrics.AgentMetrics;

/**
 * Stops the swarm task containers that an engine crash left running without their secrets, so that the swarm
 * replaces their tasks with containers that have them.
 *
 * <p>The engine hands a task container its secret references in memory only, after creating the container and
 * before starting it (moby's {@code SetContainerSecretReferences}; they reach the disk when it starts). An engine
 * that dies in between comes back with the container on disk and no references; the swarm executor finds its
 * container already created and starts it, and the task runs with nothing under {@code /run/secrets}. The chaos
 * run met it (seed 995021). Such a container is the only kind that the engine's previous run created and its
 * current run started: one running at the crash is stopped when the engine comes back, and the swarm gives its
 * task a new container.
 *
 * <p>The engine's current start is its socket's modification time: dockerd makes the socket before it restores
 * its containers. An engine reached over TCP has no such file and is not checked (said once, at start).
 */
public final class TaskContainerRepair implements Runnable {

  static final String TASK_LABEL = "com.docker.swarm.task.id";
  private static final String SERVICE_LABEL = "com.docker.swarm.service.name";
  private static final Logger log = LoggerFactory.getLogger(TaskContainerRepair.class);

  private final DockerClient docker;
  private final Supplier<Optional<Instant>> engineStart;
  private final AgentMetrics metrics;
  /** Running task containers already found sound: each is inspected once, not at every round. */
  private final Set<String> sound = new HashSet<>();

  public TaskContainerRepair(DockerClient docker, Supplier<Optional<Instant>> engineStart, AgentMetrics metrics) {
    this.docker = docker;
    this.engineStart = engineStart;
    this.metrics = metrics;
  }

  /** The engine's current start, from its unix socket; nothing for an engine reached otherwise. */
  public static Supplier<Optional<Instant>> engineStartOf(String dockerHost) {
    if (!dockerHost.startsWith("unix://")) {
      log.info("engine at {} has no socket file to date its start: task containers an engine crash leaves "
          + "without their secrets are not looked for", dockerHost);
      return Optional::empty;
    }
    Path socket = Path.of(dockerHost.substring("unix://".length()));
    return () -> {
      try {
        return Optional.of(Files.getLastModifiedTime(socket).toInstant());
      } catch (IOException e) {
        return Optional.empty(); // the engine is away: nothing to check until it is back
      }
    };
  }

  /** Created by the engine's previous run, started by its current one. */
  static boolean startedAcrossRestart(Instant created, Instant started, Instant engineStart) {
    return created.isBefore(engineStart) && started.isAfter(engineStart);
  }

  @Override
  public void run() {
    try {
      engineStart.get().ifPresent(this::repair);
    } catch (RuntimeException e) {
      // The engine away or busy: the next round looks again.
      log.debug("task containers not checked: {}", e.toString());
    }
  }

  private void repair(Instant engineStart) {
    List<Container> running = docker.listContainersCmd().withLabelFilter(List.of(TASK_LABEL))
        .withStatusFilter(List.of("running")).exec();
    sound.retainAll(running.stream().map(Container::getId).toList());
    for (Container container : running) {
      // The list dates containers to the second: only one that may predate the engine's start is inspected.
      if (sound.contains(container.getId()) || container.getCreated() > engineStart.getEpochSecond()) {
        continue;
      }
      try {
        InspectContainerResponse inspect = docker.inspectContainerCmd(container.getId()).exec();
        if (startedAcrossRestart(Instant.parse(inspect.getCreated()),
            Instant.parse(inspect.getState().getStartedAt()), engineStart)) {
          replace(container, engineStart);
        } else {
          sound.add(container.getId());
        }
      } catch (NotFoundException e) {
        // gone meanwhile: nothing to repair
      }
    }
  }

  private void replace(Container container, Instant engineStart) {
    log.warn("task container {} of service {} (task {}) was created before the engine's start at {} and started "
        + "after it, without the secrets of its task: stopping it, so that the swarm gives the task a new container",
        container.getId(), container.getLabels().get(SERVICE_LABEL), container.getLabels().get(TASK_LABEL),
        engineStart);
    // A kill, not a removal: the swarm sees the task fail and replaces it, and keeps the container in its history.
    docker.killContainerCmd(container.getId()).exec();
    metrics.taskContainerReplaced();
  }
}
