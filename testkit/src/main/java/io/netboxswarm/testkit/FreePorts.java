package io.netboxswarm.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Ports free on 127.0.0.1 for a server the test starts. Several are taken with every socket still open, so they
 * differ: one at a time, the kernel may hand the same just-closed port out twice (seen: a broker given the same
 * port for its client and controller listeners).
 */
public final class FreePorts {

  private FreePorts() {
  }

  public static int[] take(int count) {
    List<ServerSocket> open = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        open.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    } finally {
      for (ServerSocket socket : open) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing a listening socket that accepted nothing
        }
      }
    }
  }
}
