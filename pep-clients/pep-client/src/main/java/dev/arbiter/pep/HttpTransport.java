package dev.arbiter.pep;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * The AuthZEN REST protocol ({@code POST /access/v1/evaluation} and {@code /evaluations}) over
 * HTTP/1.1 keep-alive connections, in clear text or TLS, each exchange done whole in the calling
 * thread ({@link Http1Pool}, {@link Http1Connection}). The call waits for its answer no longer than
 * its timeout, connecting included. With a {@link RequestSigner}, every request (each attempt anew,
 * and again when a pooled connection turns out closed) carries its signature.
 */
final class HttpTransport implements Transport {
  private static final String SUBJECT_TOKEN = "X-Subject-Token";
  private static final String UNSENDABLE = "a character no header may carry (CR, LF, another control character, or "
      + "one beyond ISO-8859-1); nothing was sent";

  private final Endpoint endpoint;
  private final Credentials credentials;
  private final RequestSigner signer;
  private final Http1Pool pool;
  private final String evaluation;
  private final String evaluations;

  /** @param signer null to send requests unsigned */
  HttpTransport(Endpoint endpoint, Tls tls, Credentials credentials, RequestSigner signer) {
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.signer = signer;
    this.pool = new Http1Pool(endpoint.host(), endpoint.port(),
        tls == null ? null : sslContext(tls).getSocketFactory());
    this.evaluation = endpoint.pathPrefix() + "/access/v1/evaluation";
    this.evaluations = endpoint.pathPrefix() + "/access/v1/evaluations";
  }

  private static SSLContext sslContext(Tls tls) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(tls.keyManagers(), tls.trustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  @Override
  public PdpResponse evaluate(AccessRequest request, long timeoutNanos) throws CallFailure {
    byte[] body = post(evaluation, AuthzenJson.evaluation(request), request, timeoutNanos);
    return AuthzenJson.evaluationAnswer(body);
  }

  @Override
  public List<BatchItem> evaluateBatch(List<AccessRequest> requests, long timeoutNanos) throws CallFailure {
    byte[] body = post(evaluations, AuthzenJson.evaluations(requests), requests.getFirst(), timeoutNanos);
    return AuthzenJson.evaluationsAnswer(body, requests.size());
  }

  /** Posts {@code body} to {@code path} and returns the body of a 200 answer; every other outcome is a failure. */
  private byte[] post(String path, byte[] body, AccessRequest tokenSource, long timeoutNanos) throws CallFailure {
    long deadline = System.nanoTime() + timeoutNanos;
    CallerHeader caller = CallerHeader.of(credentials);
    if (caller != null && !sendable(caller.value())) {
      throw CallFailure.unsent(DenyReason.CALLER_REJECTED, "the " + caller.name()
          + " header would hold " + UNSENDABLE);
    }
    String token = tokenSource.subjectToken().orElse(null);
    if (token != null && !sendable(token)) {
      // the token comes from the end user's side: never let it add headers or end the head
      throw CallFailure.unsent(DenyReason.REQUEST_REJECTED, "the " + SUBJECT_TOKEN
          + " header would hold " + UNSENDABLE);
    }
    Http1Connection.Response response;
    try {
      response = pool.exchange(() -> request(path, body, caller, token), deadline);
    } catch (IOException e) {
      throw failure(e, timeoutNanos);
    }
    if (response.status() == 200) {
      return response.body();
    }
    String message = "the PDP at " + endpoint + " answered HTTP " + response.status()
        + AuthzenJson.errorCode(response.body()).map(code -> " (" + code + ")").orElse("") + ": "
        + AuthzenJson.errorMessage(response.body());
    throw switch (response.status()) {
      case 400, 413, 415, 422 -> CallFailure.of(DenyReason.REQUEST_REJECTED, message);
      case 401, 403 -> CallFailure.of(DenyReason.CALLER_REJECTED, message);
      case 502, 503, 504 -> CallFailure.unavailable(message);
      default -> CallFailure.of(DenyReason.PDP_ERROR, message);
    };
  }

  /**
   * The request's head and body as they go on the wire, signed anew each time it is asked for (the
   * PDP accepts each nonce once, and a request may go twice: again on a new connection when the pooled
   * one turns out closed).
   */
  private byte[] request(String path, byte[] body, CallerHeader caller, String token) {
    StringBuilder head = new StringBuilder(512)
        .append("POST ").append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(endpoint.authority()).append("\r\n")
        .append("Content-Type: application/json\r\n")
        .append("Accept: application/json\r\n")
        .append("Content-Length: ").append(body.length).append("\r\n");
    if (caller != null) {
      head.append(caller.name()).append(": ").append(caller.value()).append("\r\n");
    }
    if (token != null) {
      head.append(SUBJECT_TOKEN).append(": ").append(token).append("\r\n");
    }
    if (signer != null) {
      // the path as sent: what the PDP sees, unless a proxy rewrites it
      RequestSigner.Headers signed = signer.sign("POST", path, body);
      head.append(RequestSigner.KEY_ID).append(": ").append(signed.keyId()).append("\r\n")
          .append(RequestSigner.TIMESTAMP).append(": ").append(signed.timestamp()).append("\r\n")
          .append(RequestSigner.NONCE).append(": ").append(signed.nonce()).append("\r\n")
          .append(RequestSigner.SIGNATURE).append(": ").append(signed.signature()).append("\r\n");
    }
    byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
    System.arraycopy(body, 0, request, headBytes.length, body.length);
    return request;
  }

  /**
   * True if {@code value} can go in a header as it is: no CR, LF or other control character (a tab
   * aside), nothing beyond ISO-8859-1. The same values {@code java.net.http} refused.
   */
  static boolean sendable(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < ' ' && c != '\t') || c == 0x7f || c > 0xff) {
        return false;
      }
    }
    return true;
  }

  /** What a failed exchange means for the call. */
  private CallFailure failure(IOException e, long timeoutNanos) {
    if (pool.closed()) {
      return CallFailure.of(DenyReason.CLIENT_CLOSED, "the PDP client is closed; the call to " + endpoint + " ended");
    }
    if (Thread.currentThread().isInterrupted()) {
      // a virtual thread's socket is closed when it is interrupted; the flag stays set for the caller
      return CallFailure.of(DenyReason.CLIENT_CLOSED, "interrupted while waiting for the PDP at " + endpoint);
    }
    if (e instanceof SocketTimeoutException) {
      return timedOut(timeoutNanos);
    }
    if (e instanceof Http1Connection.MalformedAnswer) {
      return CallFailure.of(DenyReason.PDP_ERROR, "the PDP at " + endpoint + " sent a malformed HTTP answer: "
          + e.getMessage());
    }
    return CallFailure.unavailable("cannot reach the PDP at " + endpoint + ": " + e);
  }

  private CallFailure timedOut(long timeoutNanos) {
    return CallFailure.of(DenyReason.DEADLINE_EXCEEDED,
        "the PDP at " + endpoint + " did not answer within " + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
  }

  @Override
  public void close() {
    pool.close();
  }
}
