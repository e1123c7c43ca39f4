package dev.arbiter.pep;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An HTTP/1.1 server on loopback that answers from a script, byte for byte, so that a test can send
 * the client exactly the answer it needs: well-formed, broken, late or none. Reads each request whole
 * (head, then a Content-Length body), records it, and hands the connection to the next {@link Reply}
 * queued; without one, answers 500. Counts the connections it accepted. Clear text or TLS; virtual
 * threads.
 */
final class ScriptedHttpServer implements AutoCloseable {
  /** What the server does with one request; it may write anything, close the connection or hold it. */
  @FunctionalInterface
  interface Reply {
    void answer(Socket connection, Request request) throws Exception;
  }

  /**
   * A request as it arrived.
   *
   * @param serverName the SNI host name the client sent over TLS, or null
   */
  record Request(int connection, String head, byte[] body, String serverName) {
    String requestLine() {
      return head.substring(0, head.indexOf("\r\n"));
    }

    Optional<String> header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
          return Optional.of(line.substring(colon + 1).strip());
        }
      }
      return Optional.empty();
    }
  }

  static final String PERMIT = "{\"decision\":true}";

  private final ServerSocket server;
  private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  ScriptedHttpServer() throws IOException {
    this(null);
  }

  /** @param tls null for clear text */
  ScriptedHttpServer(SSLContext tls) throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    server = tls == null ? new ServerSocket(0, 50, loopback)
        : tls.getServerSocketFactory().createServerSocket(0, 50, loopback);
    Thread.ofVirtual().name("scripted-http-accept").start(this::accept);
  }

  /** {@code http://127.0.0.1:port}. */
  String address() {
    return "http://127.0.0.1:" + port();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Queues the replies to the next requests, in order. */
  ScriptedHttpServer then(Reply... next) {
    replies.addAll(List.of(next));
    return this;
  }

  int acceptedConnections() {
    return accepted.get();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Waits until {@code count} requests arrived. */
  void awaitRequests(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (requests.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no request " + count + " within 10 s; got " + requests);
      }
      Thread.sleep(5);
    }
  }

  /** Writes {@code answer} (with \n turned into CR LF) and keeps the connection open for the next request. */
  static Reply send(String answer) {
    return sendBytes(answer.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
  }

  static Reply sendBytes(byte[] answer) {
    return (connection, request) -> {
      OutputStream out = connection.getOutputStream();
      out.write(answer);
      out.flush();
    };
  }

  /** A 200 answer with {@code body} and a Content-Length. */
  static Reply ok(String body, String... headers) {
    return answer("200 OK", body, headers);
  }

  /** An HTTP/1.1 answer with {@code status} (and reason), {@code body} and a Content-Length. */
  static Reply answer(String status, String body, String... headers) {
    return send("HTTP/1.1 " + status + "\nContent-Type: application/json\n"
        + String.join("", List.of(headers).stream().map(header -> header + "\n").toList())
        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\n\n" + body);
  }

  /** Writes {@code reply}'s answer, then closes the connection. */
  static Reply thenClose(Reply reply) {
    return (connection, request) -> {
      reply.answer(connection, request);
      connection.close();
    };
  }

  /** Never answers: waits until the client closes the connection. */
  static Reply hold() {
    return (connection, request) -> {
      while (connection.getInputStream().read() >= 0) {
        // swallow whatever comes
      }
      connection.close();
    };
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket connection = server.accept();
        int number = accepted.incrementAndGet();
        open.add(connection);
        Thread.ofVirtual().start(() -> serve(connection, number));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket connection, int number) {
    try (connection) {
      InputStream in = connection.getInputStream();
      while (!connection.isClosed()) {
        String head = head(in);
        if (head == null) {
          return;
        }
        Request request = new Request(number, head, in.readNBytes(contentLength(head)), serverName(connection));
        requests.add(request);
        Reply reply = replies.poll();
        (reply == null ? send("HTTP/1.1 500 Internal Server Error\nContent-Length: 0\n\n") : reply)
            .answer(connection, request);
      }
    } catch (Exception gone) {
      // the client went away, or the reply closed the connection
    } finally {
      open.remove(connection);
    }
  }

  /** The head up to its empty line, or null if the connection ended first. */
  private static String head(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    for (int b; matched < 4 && (b = in.read()) >= 0; ) {
      head.write(b);
      matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
    }
    return matched == 4 ? head.toString(StandardCharsets.ISO_8859_1) : null;
  }

  private static String serverName(Socket connection) {
    if (connection instanceof SSLSocket tls && tls.getSession() instanceof ExtendedSSLSession session) {
      return session.getRequestedServerNames().stream().filter(SNIHostName.class::isInstance)
          .map(name -> ((SNIHostName) name).getAsciiName()).findFirst().orElse(null);
    }
    return null;
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring("content-length:".length()).strip());
      }
    }
    return 0;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket connection : open) {
      connection.close();
    }
  }
}
