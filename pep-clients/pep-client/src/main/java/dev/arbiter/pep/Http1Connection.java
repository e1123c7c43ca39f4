package dev.arbiter.pep;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 connection to the PDP, carrying one exchange at a time, driven entirely by the
 * calling thread: write the request, read the answer, return. No selector and no executor: where
 * handing work to another thread costs tens of microseconds, the PDP's own hand-off is the only one
 * a call should pay for.
 *
 * <p>Every blocking step ends by the call's deadline ({@link System#nanoTime()}): connecting, the TLS
 * handshake and each read through the socket's timeout, worked out anew before every read; a
 * request too large for the socket buffers, which blocks while the PDP does not read, through a
 * timer that closes the connection. The answer is read by the book and within limits (a head of
 * at most {@value #MAX_HEAD} bytes, a body of at most {@value #MAX_BODY}); anything else is a
 * {@link MalformedAnswer} and the connection is not used again. Not thread-safe except
 * {@link #close()}, which any thread may call to end a blocked exchange.
 */
final class Http1Connection implements AutoCloseable {
  /** The status line and headers of an answer, 1xx interim answers and chunked trailers included. */
  static final int MAX_HEAD = 64 * 1024;
  /** A batch of 256 answers with their context is large, but not this large. */
  static final int MAX_BODY = 64 * 1024 * 1024;
  /** Smaller requests fit the socket buffers, so writing them cannot block. */
  private static final int UNWATCHED_WRITE = 64 * 1024;
  private static final int MAX_CHUNK_LINE = 4096;

  /** An answer: its status and its whole body. */
  record Response(int status, byte[] body) {}

  /** The answer broke HTTP/1.1 or a limit: never to be used, and neither is the connection. */
  static final class MalformedAnswer extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedAnswer(String message) {
      super(message);
    }
  }

  /** What the head of an answer says about its body and the connection. */
  private record Head(int status, long contentLength, boolean chunked, boolean keepAlive) {}

  private final Socket raw;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private final byte[] buffer = new byte[16 * 1024];
  private int position;
  private int limit;
  private long deadline;
  private int headBudget;
  private boolean answerStarted;
  private boolean reusable;
  private volatile boolean writeExpired;

  /** A connection yet to {@link #connect}: the pool tracks it from now, so that closing the pool ends a connect too. */
  Http1Connection() {
    this.raw = new Socket();
  }

  /**
   * Connects to {@code host} (without brackets), over TLS when {@code tls} is given: the server's
   * certificate must be valid for {@code host}, as a browser checks it, and a host name goes as SNI.
   */
  void connect(String host, int port, SSLSocketFactory tls, long deadline) throws IOException {
    raw.connect(new InetSocketAddress(host, port), timeoutMillis(deadline));
    raw.setTcpNoDelay(true); // the request goes in one write; Nagle would only hold back its last segment
    if (tls == null) {
      socket = raw;
    } else {
      SSLSocket ssl = (SSLSocket) tls.createSocket(raw, host, port, true);
      SSLParameters parameters = ssl.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      parameters.setApplicationProtocols(new String[] {"http/1.1"});
      if (!ipLiteral(host)) {
        try {
          parameters.setServerNames(List.of(new SNIHostName(host)));
        } catch (IllegalArgumentException notAnSniName) {
          // a name SNI cannot carry (an underscore, say): the server's default certificate must do
        }
      }
      ssl.setSSLParameters(parameters);
      ssl.setSoTimeout(timeoutMillis(deadline));
      ssl.startHandshake();
      socket = ssl;
    }
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  private static boolean ipLiteral(String host) {
    return host.contains(":") || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }

  /**
   * Sends {@code request} (head and body, as they go on the wire) and reads the answer to it.
   *
   * @throws SocketTimeoutException if the deadline passed first
   * @throws MalformedAnswer if the answer broke HTTP/1.1 or a limit
   * @throws IOException if the connection failed; {@link #answerStarted()} tells whether before the answer began
   */
  Response exchange(byte[] request, long deadline) throws IOException {
    this.deadline = deadline;
    headBudget = MAX_HEAD;
    answerStarted = false;
    reusable = false;
    try {
      write(request);
      Head head = head();
      while (head.status() < 200) {
        if (head.status() == 101) {
          throw new MalformedAnswer("the PDP switched protocols unasked (HTTP 101)");
        }
        head = head(); // 100 Continue and other interim answers carry no body
      }
      byte[] body;
      boolean keepAlive = head.keepAlive();
      if (head.status() == 204 || head.status() == 304) {
        body = new byte[0];
      } else if (head.chunked()) {
        body = chunkedBody();
      } else if (head.contentLength() >= 0) {
        body = fixedBody((int) head.contentLength());
      } else {
        body = bodyToEnd();
        keepAlive = false;
      }
      // Bytes past the answer mean the PDP and this connection no longer agree where a message starts.
      reusable = keepAlive && position == limit;
      return new Response(head.status(), body);
    } catch (IOException e) {
      if (writeExpired) {
        throw new SocketTimeoutException("the request could not be sent before the deadline");
      }
      throw e;
    }
  }

  /**
   * True once a byte of the current exchange's answer arrived: a failure before that, on a pooled
   * connection, may just mean that the PDP closed it while it was idle.
   */
  boolean answerStarted() {
    return answerStarted;
  }

  /** True after an exchange whose answer was read whole, when neither side asked to close the connection. */
  boolean reusable() {
    return reusable;
  }

  private void write(byte[] request) throws IOException {
    if (request.length <= UNWATCHED_WRITE) {
      out.write(request);
      out.flush();
      return;
    }
    ScheduledFuture<?> alarm = Watchdog.TIMER.schedule(() -> {
      writeExpired = true;
      close();
    }, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    try {
      out.write(request);
      out.flush();
    } finally {
      alarm.cancel(false);
    }
  }

  private Head head() throws IOException {
    String statusLine = headLine();
    // HTTP/1.x SSS[ reason]
    if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.") || !digit(statusLine.charAt(7))
        || statusLine.charAt(8) != ' ' || !digit(statusLine.charAt(9)) || !digit(statusLine.charAt(10))
        || !digit(statusLine.charAt(11)) || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
      throw new MalformedAnswer("not an HTTP/1.1 status line: " + printable(statusLine));
    }
    int status = Integer.parseInt(statusLine, 9, 12, 10);
    if (status < 100) {
      throw new MalformedAnswer("no such HTTP status: " + status);
    }
    boolean http10 = statusLine.charAt(7) == '0';
    long contentLength = -1;
    boolean chunked = false;
    boolean close = false;
    boolean keepAliveAsked = false;
    for (String line = headLine(); !line.isEmpty(); line = headLine()) {
      int colon = line.indexOf(':');
      if (colon <= 0 || !token(line, colon)) {
        throw new MalformedAnswer("not an HTTP header: " + printable(line));
      }
      String name = line.substring(0, colon);
      String value = line.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        long length = contentLength(value);
        if (contentLength >= 0 && contentLength != length) {
          throw new MalformedAnswer("two different Content-Length headers");
        }
        contentLength = length;
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        if (chunked || !value.equalsIgnoreCase("chunked")) {
          throw new MalformedAnswer("a transfer coding other than chunked: " + printable(value));
        }
        chunked = true;
      } else if (name.equalsIgnoreCase("Connection")) {
        for (String option : value.toLowerCase(Locale.ROOT).split(",")) {
          close |= option.trim().equals("close");
          keepAliveAsked |= option.trim().equals("keep-alive");
        }
      }
    }
    if (chunked && contentLength >= 0) {
      throw new MalformedAnswer("both Content-Length and Transfer-Encoding"); // how responses are smuggled
    }
    return new Head(status, contentLength, chunked, !close && (!http10 || keepAliveAsked));
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  /** A header name is a token: visible ASCII, no separators that matter here (space, tab). */
  private static boolean token(String line, int end) {
    for (int i = 0; i < end; i++) {
      char c = line.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static long contentLength(String value) throws MalformedAnswer {
    if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new MalformedAnswer("not a Content-Length: " + printable(value));
    }
    long length = Long.parseLong(value);
    if (length > MAX_BODY) {
      throw new MalformedAnswer("the body of the answer is larger than " + MAX_BODY + " bytes (" + length + ")");
    }
    return length;
  }

  private byte[] fixedBody(int length) throws IOException {
    byte[] body = new byte[length];
    for (int done = 0; done < length; ) {
      if (position == limit) {
        fillOrFail();
      }
      int take = Math.min(limit - position, length - done);
      System.arraycopy(buffer, position, body, done, take);
      position += take;
      done += take;
    }
    return body;
  }

  private byte[] chunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String line = line(MAX_CHUNK_LINE, "a chunk size line is longer than " + MAX_CHUNK_LINE + " bytes");
      int extension = line.indexOf(';');
      String hex = (extension < 0 ? line : line.substring(0, extension)).trim();
      if (hex.isEmpty() || hex.length() > 8 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        throw new MalformedAnswer("not a chunk size: " + printable(line));
      }
      long size = Long.parseLong(hex, 16);
      if (size == 0) {
        break;
      }
      if (body.size() + size > MAX_BODY) {
        throw new MalformedAnswer("the body of the answer is larger than " + MAX_BODY + " bytes");
      }
      for (long left = size; left > 0; ) {
        if (position == limit) {
          fillOrFail();
        }
        int take = (int) Math.min(limit - position, left);
        body.write(buffer, position, take);
        position += take;
        left -= take;
      }
      if (!line(2, "a chunk is longer than its size").isEmpty()) {
        throw new MalformedAnswer("a chunk is longer than its size");
      }
    }
    while (!headLine().isEmpty()) {
      // trailers: nothing the client needs
    }
    return body.toByteArray();
  }

  private byte[] bodyToEnd() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (position < limit || fill()) {
      if (body.size() + (limit - position) > MAX_BODY) {
        throw new MalformedAnswer("the body of the answer is larger than " + MAX_BODY + " bytes");
      }
      body.write(buffer, position, limit - position);
      position = limit;
    }
    return body.toByteArray();
  }

  /** A line of the head (status line, header, trailer), counted against {@link #MAX_HEAD}. */
  private String headLine() throws IOException {
    String line = line(headBudget, "the head of the answer is longer than " + MAX_HEAD + " bytes");
    headBudget -= line.length() + 2;
    return line;
  }

  /**
   * Reads up to the next LF and returns the line without its CR LF (a bare LF is taken too).
   *
   * @param max the most bytes the line may take, its end included
   * @param tooLong what a longer line is
   */
  private String line(int max, String tooLong) throws IOException {
    StringBuilder longLine = null;
    int taken = 0;
    while (true) {
      if (position == limit) {
        fillOrFail();
      }
      int start = position;
      int end = start;
      while (end < limit && buffer[end] != '\n' && taken + (end - start) < max) {
        end++;
      }
      taken += end - start;
      boolean complete = end < limit && buffer[end] == '\n';
      position = complete ? end + 1 : end;
      if (complete ? taken + 1 > max : taken >= max) {
        throw new MalformedAnswer(tooLong);
      }
      if (complete && longLine == null) {
        return withoutCr(new String(buffer, start, end - start, StandardCharsets.ISO_8859_1));
      }
      if (longLine == null) {
        longLine = new StringBuilder();
      }
      longLine.append(new String(buffer, start, end - start, StandardCharsets.ISO_8859_1));
      if (complete) {
        return withoutCr(longLine.toString());
      }
    }
  }

  private static String withoutCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  private void fillOrFail() throws IOException {
    if (!fill()) {
      throw new EOFException(answerStarted ? "the PDP closed the connection in the middle of its answer"
          : "the PDP closed the connection without answering");
    }
  }

  /** Reads what has arrived, waiting until the deadline at most; false at the end of the stream. */
  private boolean fill() throws IOException {
    socket.setSoTimeout(timeoutMillis(deadline));
    int read = in.read(buffer, 0, buffer.length);
    if (read < 0) {
      return false;
    }
    answerStarted = true;
    position = 0;
    limit = read;
    return true;
  }

  /** What is left until {@code deadline}, in whole milliseconds, at least 1 (0 would mean forever). */
  private static int timeoutMillis(long deadline) throws SocketTimeoutException {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      throw new SocketTimeoutException("the deadline passed");
    }
    return Math.clamp(Math.ceilDiv(remaining, 1_000_000L), 1, Integer.MAX_VALUE);
  }

  /** Text from the wire, fit for a message: control characters escaped, cut at 100 characters. */
  private static String printable(String text) {
    StringBuilder printable = new StringBuilder();
    for (int i = 0; i < text.length() && printable.length() < 100; i++) {
      char c = text.charAt(i);
      printable.append(c < ' ' || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return printable.length() < text.length() ? printable + "…" : printable.toString();
  }

  /**
   * Closes the socket at once, from any thread: an exchange blocked on it fails. The TCP socket
   * under TLS is closed directly, without a close_notify, so that closing never waits on the PDP.
   */
  @Override
  public void close() {
    try {
      raw.close();
    } catch (IOException alreadyGone) {
      // nothing left to close
    }
  }

  /** Ends writes that cannot finish by their deadline; one daemon thread, started on first use, gone when idle. */
  private static final class Watchdog {
    static final ScheduledThreadPoolExecutor TIMER = timer();

    private static ScheduledThreadPoolExecutor timer() {
      ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "arbiter-pep-http-watchdog");
        thread.setDaemon(true);
        return thread;
      });
      timer.setRemoveOnCancelPolicy(true);
      timer.setKeepAliveTime(10, TimeUnit.SECONDS);
      timer.allowCoreThreadTimeOut(true);
      return timer;
    }
  }
}
