package io.netboxswarm.agent;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * An engine's socket as an agent sees it, with a crash in the wire: a unix socket that passes every request to the
 * real engine, and, once armed, stops at the engine's answer to one request (the engine has acted) to run the crash
 * (kill the agent) before a byte of the answer reaches it. The agent then crashes between the engine's action and
 * anything it does after it.
 */
final class EngineCutter implements AutoCloseable {

  private final Path socket;
  private final UnixDomainSocketAddress engine;
  private final ServerSocketChannel server;
  private final AtomicReference<Pattern> target = new AtomicReference<>();
  private final AtomicReference<Runnable> crash = new AtomicReference<>();
  private final AtomicBoolean fired = new AtomicBoolean();

  /** @param engineSocket the real engine's unix socket */
  EngineCutter(Path socket, String engineSocket) throws IOException {
    this.socket = socket;
    this.engine = UnixDomainSocketAddress.of(engineSocket);
    Files.deleteIfExists(socket);
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    daemon("cutter-accept", this::accept);
  }

  /** For the agent's DOCKER_HOST. */
  String dockerHost() {
    return "unix://" + socket;
  }

  /**
   * Arms the cutter once: at the engine's answer to the next {@code method} on an API path ending with
   * {@code path} (e.g. {@code POST}, {@code /swarm/init}), {@code crash} runs and the answer is dropped.
   */
  void cutAfter(String method, String path, Runnable crash) {
    fired.set(false);
    this.crash.set(crash);
    target.set(Pattern.compile("(?m)^" + method + " (/v[0-9.]+)?" + Pattern.quote(path) + "[ ?]"));
  }

  boolean fired() {
    return fired.get();
  }

  private void accept() {
    while (server.isOpen()) {
      try {
        SocketChannel agent = server.accept();
        SocketChannel dockerd = SocketChannel.open(engine);
        AtomicBoolean awaitingCut = new AtomicBoolean();
        daemon("cutter-request", () -> requests(agent, dockerd, awaitingCut));
        daemon("cutter-answer", () -> answers(dockerd, agent, awaitingCut));
      } catch (IOException closed) {
        return;
      }
    }
  }

  /** Agent to engine, watching for the armed request line (kept across reads, so a split line still counts). */
  private void requests(SocketChannel agent, SocketChannel dockerd, AtomicBoolean awaitingCut) {
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    StringBuilder recent = new StringBuilder();
    try (agent; dockerd) {
      while (agent.read(buffer) >= 0) {
        buffer.flip();
        recent.append(StandardCharsets.ISO_8859_1.decode(buffer.duplicate()));
        Pattern armed = target.get();
        if (armed != null && armed.matcher(recent).find() && target.compareAndSet(armed, null)) {
          awaitingCut.set(true);
        }
        recent.delete(0, Math.max(0, recent.length() - 512));
        while (buffer.hasRemaining()) {
          dockerd.write(buffer);
        }
        buffer.clear();
      }
    } catch (IOException closed) {
      // either side closed
    }
  }

  /** Engine to agent, except the armed request's answer: the crash runs instead. */
  private void answers(SocketChannel dockerd, SocketChannel agent, AtomicBoolean awaitingCut) {
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    try (dockerd; agent) {
      while (dockerd.read(buffer) >= 0) {
        if (awaitingCut.get()) {
          crash.getAndSet(null).run();
          fired.set(true);
          return;
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
          agent.write(buffer);
        }
        buffer.clear();
      }
    } catch (IOException closed) {
      // either side closed
    }
  }

  private static void daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    Files.deleteIfExists(socket);
  }
}
