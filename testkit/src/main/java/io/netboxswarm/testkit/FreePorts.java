package io.netboxswarm.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ports free on 127.0.0.1 for a server the test starts. Several are taken with every socket still open, so they
 * differ: one at a time, the kernel may hand the same just-closed port out twice (seen: a broker given the same
 * port for its client and controller listeners). A port is never handed out twice by this JVM either: a server
 * binds its port seconds after it was taken, and another one starting meanwhile must not be given it.
 */
public final class FreePorts {

  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePorts() {
  }

  public static int[] take(int count) {
    List<ServerSocket> open = new ArrayList<>();
    try {
      int[] ports = new int[count];
      int taken = 0;
      while (taken < count) {
        if (open.size() > count + 1000) {
          throw new IOException("no port on 127.0.0.1 that this JVM has not handed out already");
        }
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        open.add(socket); // held open, so that the kernel offers another one next
        if (HANDED_OUT.add(socket.getLocalPort())) {
          ports[taken++] = socket.getLocalPort();
        }
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
