package dev.arbiter.pep;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * The AuthZEN REST protocol ({@code POST /access/v1/evaluation} and {@code /evaluations}) with
 * {@code java.net.http}: HTTP/1.1 keep-alive in clear text, HTTP/2 over TLS. The call waits for its
 * answer no longer than its timeout, connecting included, and cancels the exchange when it gives up.
 * With a {@link RequestSigner}, every request (each attempt anew) carries its signature.
 */
final class HttpTransport implements Transport {
  private static final String SUBJECT_TOKEN = "X-Subject-Token";

  private final Endpoint endpoint;
  private final Credentials credentials;
  private final RequestSigner signer;
  private final HttpClient client;
  private final URI evaluation;
  private final URI evaluations;

  /** @param signer null to send requests unsigned */
  HttpTransport(Endpoint endpoint, Tls tls, Credentials credentials, RequestSigner signer) {
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.signer = signer;
    HttpClient.Builder builder = HttpClient.newBuilder()
        .version(tls == null ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2)
        .followRedirects(HttpClient.Redirect.NEVER);
    if (tls != null) {
      builder.sslContext(sslContext(tls));
    }
    this.client = builder.build();
    URI base = endpoint.httpBase();
    this.evaluation = URI.create(base + "/access/v1/evaluation");
    this.evaluations = URI.create(base + "/access/v1/evaluations");
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

  /** Posts {@code body} and returns the body of a 200 answer; every other outcome is a failure. */
  private byte[] post(URI uri, byte[] body, AccessRequest tokenSource, long timeoutNanos) throws CallFailure {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofNanos(timeoutNanos))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    CallerHeader caller = CallerHeader.of(credentials);
    if (caller != null) {
      request.header(caller.name(), caller.value());
    }
    tokenSource.subjectToken().ifPresent(token -> request.header(SUBJECT_TOKEN, token));
    if (signer != null) {
      // the path as sent, with the query if there is one: what the PDP sees, unless a proxy rewrites it
      String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      RequestSigner.Headers signed = signer.sign("POST", pathAndQuery, body);
      request.header(RequestSigner.KEY_ID, signed.keyId()).header(RequestSigner.TIMESTAMP, signed.timestamp())
          .header(RequestSigner.NONCE, signed.nonce()).header(RequestSigner.SIGNATURE, signed.signature());
    }
    HttpResponse<byte[]> response = send(request.build(), timeoutNanos);
    if (response.statusCode() == 200) {
      return response.body();
    }
    String message = "the PDP at " + endpoint + " answered HTTP " + response.statusCode()
        + AuthzenJson.errorCode(response.body()).map(code -> " (" + code + ")").orElse("") + ": "
        + AuthzenJson.errorMessage(response.body());
    throw switch (response.statusCode()) {
      case 400, 413, 415, 422 -> CallFailure.of(DenyReason.REQUEST_REJECTED, message);
      case 401, 403 -> CallFailure.of(DenyReason.CALLER_REJECTED, message);
      case 502, 503, 504 -> CallFailure.unavailable(message);
      default -> CallFailure.of(DenyReason.PDP_ERROR, message);
    };
  }

  private HttpResponse<byte[]> send(HttpRequest request, long timeoutNanos) throws CallFailure {
    CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    try {
      return exchange.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw timedOut(timeoutNanos);
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      throw CallFailure.of(DenyReason.CLIENT_CLOSED, "interrupted while waiting for the PDP at " + endpoint);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException) {
        throw timedOut(timeoutNanos);
      }
      if (cause instanceof IOException) {
        throw CallFailure.unavailable("cannot reach the PDP at " + endpoint + ": " + cause);
      }
      throw CallFailure.of(DenyReason.PDP_ERROR, "the call to the PDP at " + endpoint + " failed: " + cause);
    }
  }

  private CallFailure timedOut(long timeoutNanos) {
    return CallFailure.of(DenyReason.DEADLINE_EXCEEDED,
        "the PDP at " + endpoint + " did not answer within " + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
  }

  @Override
  public void close() {
    client.shutdownNow();
  }
}
