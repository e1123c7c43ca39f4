package dev.arbiter.pep;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on loopback in front of the PDP, to break the network between client and PDP on
 * purpose: {@link Mode#FORWARD} relays bytes both ways, {@link Mode#REFUSE} resets every open
 * connection and every new one (as a crashed or unreachable host does), {@link Mode#STALL} accepts
 * and reads but delivers nothing (as a hung PDP or a black-holed route does). Virtual threads, one
 * per direction per connection. Keeps a copy of every byte clients sent, so a test can replay what
 * went over the wire.
 */
final class TcpProxy implements AutoCloseable {
  enum Mode { FORWARD, REFUSE, STALL }

  private final int targetPort;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  private volatile Mode mode = Mode.FORWARD;
  private final java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();

  TcpProxy(int targetPort) throws IOException {
    this(targetPort, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
  }

  private TcpProxy(int targetPort, ServerSocket server) {
    this.targetPort = targetPort;
    this.server = server;
    Thread.ofVirtual().name("proxy-accept").start(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  /** {@code grpc://…} or {@code http://…} at the proxy. */
  String address(Endpoint.Protocol protocol) {
    return (protocol == Endpoint.Protocol.GRPC ? "grpc" : "http") + "://127.0.0.1:" + port();
  }

  /** Switches mode; {@link Mode#REFUSE} also resets every open connection at once. */
  void mode(Mode next) {
    mode = next;
    if (next == Mode.REFUSE) {
      open.forEach(TcpProxy::reset);
    }
  }

  /** Every byte clients sent through the relay so far, all connections one after the other. */
  byte[] sent() {
    synchronized (sent) {
      return sent.toByteArray();
    }
  }

  /** Resets every open connection now (their clients must connect again). */
  void dropConnections() {
    open.forEach(TcpProxy::reset);
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException closed) {
        return;
      }
      if (mode == Mode.REFUSE) {
        reset(client);
        continue;
      }
      open.add(client);
      Thread.ofVirtual().start(() -> relay(client));
    }
  }

  private void relay(Socket client) {
    try (Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
      open.add(target);
      Thread upstream = Thread.ofVirtual().start(() -> pipe(client, target, true));
      pipe(target, client, false);
      upstream.join();
    } catch (IOException | InterruptedException e) {
      // the PDP is not listening, or a side went away: the client sees a reset
    } finally {
      reset(client);
      open.removeIf(Socket::isClosed);
    }
  }

  private void pipe(Socket from, Socket to, boolean fromClient) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        while (mode == Mode.STALL && !from.isClosed()) {
          Thread.sleep(10);
        }
        if (fromClient) {
          synchronized (sent) {
            sent.write(buffer, 0, read);
          }
        }
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // the other side is gone, or the proxy reset the connection
    } finally {
      reset(from);
      reset(to);
    }
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException alreadyClosed) {
      // nothing left to reset
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    open.forEach(TcpProxy::reset);
  }
}
