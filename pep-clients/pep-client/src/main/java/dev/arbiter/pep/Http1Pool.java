package dev.arbiter.pep;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;

/**
 * The HTTP/1.1 keep-alive connections to one PDP address, for exchanges in the calling thread.
 * An exchange takes the most recently used idle connection (the one least likely to have been
 * closed by the PDP meanwhile) or opens a new one, and gives it back only if its answer was read
 * whole and both sides keep it open; at most {@value #MAX_IDLE} wait idle, the rest are closed.
 *
 * <p>A server may close an idle connection at any time, so a pooled connection that fails before
 * any byte of the answer arrived is not the PDP's failure: the request goes again, once, on a new
 * connection (decisions are read-only, so sending twice is safe). A new connection's failure is the
 * caller's to handle. {@link #close()} closes every connection, busy ones too. Thread-safe.
 */
final class Http1Pool implements AutoCloseable {
  static final int MAX_IDLE = 64;

  private final String host;
  private final int port;
  private final SSLSocketFactory tls;
  private final Deque<Http1Connection> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger idleCount = new AtomicInteger();
  /** Every connection not yet closed, idle or busy, so that {@link #close()} reaches them all. */
  private final Set<Http1Connection> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * @param host the host name or address (an IPv6 address with or without brackets)
   * @param tls null for clear text
   */
  Http1Pool(String host, int port, SSLSocketFactory tls) {
    this.host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    this.port = port;
    this.tls = tls;
  }

  /**
   * Sends a request and reads the answer by {@code deadline} ({@link System#nanoTime()}).
   *
   * @param request the request's bytes, asked for anew for each connection tried (so that a signature is fresh)
   * @throws IOException as {@link Http1Connection#exchange} or {@link Http1Connection#connect} throw it, or
   *     because the pool is closed ({@link #closed()} tells)
   */
  Http1Connection.Response exchange(Supplier<byte[]> request, long deadline) throws IOException {
    if (closed) {
      throw new IOException("the client is closed");
    }
    Http1Connection pooled = idle.pollFirst();
    if (pooled != null) {
      idleCount.decrementAndGet();
      try {
        return exchange(pooled, request.get(), deadline);
      } catch (SocketTimeoutException | Http1Connection.MalformedAnswer answerTrouble) {
        throw answerTrouble;
      } catch (IOException e) {
        if (pooled.answerStarted() || closed || Thread.currentThread().isInterrupted()) {
          throw e;
        }
        // the PDP closed the connection while it was idle: it never saw this request
      }
    }
    return exchange(connect(deadline), request.get(), deadline);
  }

  private Http1Connection.Response exchange(Http1Connection connection, byte[] request, long deadline)
      throws IOException {
    Http1Connection.Response response;
    try {
      response = connection.exchange(request, deadline);
    } catch (IOException | RuntimeException e) {
      discard(connection);
      throw e;
    }
    release(connection);
    return response;
  }

  private Http1Connection connect(long deadline) throws IOException {
    if (closed) {
      throw new IOException("the client is closed");
    }
    Http1Connection connection = new Http1Connection();
    open.add(connection);
    try {
      if (closed) { // close() ran between the check and the add, and may not have seen this connection
        throw new IOException("the client is closed");
      }
      connection.connect(host, port, tls, deadline);
      return connection;
    } catch (IOException | RuntimeException e) {
      discard(connection);
      throw e;
    }
  }

  private void release(Http1Connection connection) {
    if (connection.reusable() && !closed) {
      if (idleCount.incrementAndGet() <= MAX_IDLE) {
        idle.offerFirst(connection);
        return; // a close() from now on finds it in open
      }
      idleCount.decrementAndGet();
    }
    discard(connection);
  }

  private void discard(Http1Connection connection) {
    open.remove(connection);
    connection.close();
  }

  boolean closed() {
    return closed;
  }

  /**
   * Closes every connection, idle or busy: an exchange blocked on one fails at once, and later ones
   * fail without connecting.
   */
  @Override
  public void close() {
    closed = true;
    open.forEach(Http1Connection::close);
    idle.clear();
  }
}
