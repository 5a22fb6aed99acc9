package io.netboxswarm.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The registry as a client sees it through an outage: a gate on 127.0.0.1 in front of the real registry that
 * answers 503 to everything while closed (noting each path asked for) and passes every request through once open.
 */
final class RegistryGate implements AutoCloseable {

  private final HttpServer server;
  private final String target;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> refused = new CopyOnWriteArrayList<>();
  private volatile boolean open;

  /** @param registryUrl the real registry's {@code .../apis/registry/v3} */
  RegistryGate(String registryUrl) throws IOException {
    URI real = URI.create(registryUrl);
    this.target = real.getScheme() + "://" + real.getAuthority();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The registry URL to give a client: the same API, through the gate. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/registry/v3";
  }

  void open() {
    open = true;
  }

  /** Paths asked for while the gate was closed. */
  List<String> refused() {
    return List.copyOf(refused);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().toString();
      if (!open) {
        refused.add(exchange.getRequestMethod() + " " + path);
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + path))
          .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      for (String name : List.of("Content-Type", "Accept")) {
        String value = exchange.getRequestHeaders().getFirst(name);
        if (value != null) {
          request.header(name, value);
        }
      }
      HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      response.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().add("Content-Type", v));
      exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
      exchange.getResponseBody().write(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
