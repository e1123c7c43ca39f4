package dev.arbiter.pep;

import static dev.arbiter.pep.ScriptedHttpServer.PERMIT;
import static dev.arbiter.pep.ScriptedHttpServer.answer;
import static dev.arbiter.pep.ScriptedHttpServer.hold;
import static dev.arbiter.pep.ScriptedHttpServer.ok;
import static dev.arbiter.pep.ScriptedHttpServer.send;
import static dev.arbiter.pep.ScriptedHttpServer.thenClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.smallrye.certs.CertificateGenerator;
import io.smallrye.certs.CertificateRequest;
import io.smallrye.certs.Format;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The REST transport's own HTTP/1.1 client against a server that answers from a script: framing
 * (Content-Length, chunked, to the end of the stream), keep-alive and when a connection is not used
 * again, a pooled connection the server closed, deadlines, limits, malformed answers, headers that
 * must not be sent, closing and interrupting a call that waits.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a blocked socket write ignores interrupts
class HttpTransportTest {
  private static final AccessRequest READ = AccessRequest.of(new Subject("user", "ana", java.util.Map.of()),
      Action.of("read"), Resource.of("document", "plan"));
  private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(10);

  private final List<AutoCloseable> resources = new java.util.concurrent.CopyOnWriteArrayList<>();
  private ScriptedHttpServer server;

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable resource : resources.reversed()) {
      resource.close();
    }
  }

  private <T extends AutoCloseable> T closeLater(T resource) {
    resources.add(resource);
    return resource;
  }

  private ScriptedHttpServer server() throws Exception {
    server = closeLater(new ScriptedHttpServer());
    return server;
  }

  private HttpTransport transport(String address) {
    return transport(address, null, Credentials.none(), null);
  }

  private HttpTransport transport(String address, Tls tls, Credentials credentials, RequestSigner signer) {
    return closeLater(new HttpTransport(Endpoint.parse(URI.create(address)), tls, credentials, signer));
  }

  private static CallFailure failure(HttpTransport transport, AccessRequest request, long timeoutNanos) {
    CallFailure failure = catchThrowableOfType(CallFailure.class, () -> transport.evaluate(request, timeoutNanos));
    assertThat(failure).as("the call fails").isNotNull();
    return failure;
  }

  @Test
  void aRequestCarriesItsHeadersAndBodyAndIsSignedOverThePathAsSent() throws Exception {
    server().then(ok(PERMIT));
    Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    HttpTransport transport = transport(server.address() + "/authz/", null, Credentials.apiKey("key-1"),
        new RequestSigner("pep-a", secret, clock, () -> "nonce-1"));

    PdpResponse response = transport.evaluate(READ.withSubjectToken("token-1"), TIMEOUT);

    assertThat(response.outcome()).isEqualTo(PdpOutcome.PERMIT);
    ScriptedHttpServer.Request request = server.requests().getFirst();
    assertThat(request.requestLine()).isEqualTo("POST /authz/access/v1/evaluation HTTP/1.1");
    assertThat(request.header("Host")).contains("127.0.0.1:" + server.port());
    assertThat(request.header("Content-Type")).contains("application/json");
    assertThat(request.header("Accept")).contains("application/json");
    assertThat(request.header("Content-Length")).contains(String.valueOf(request.body().length));
    assertThat(request.body()).isEqualTo(AuthzenJson.evaluation(READ));
    assertThat(request.header("X-API-Key")).contains("key-1");
    assertThat(request.header("X-Subject-Token")).contains("token-1");
    RequestSigner.Headers expected = new RequestSigner("pep-a", secret, clock, () -> "nonce-1")
        .sign("POST", "/authz/access/v1/evaluation", request.body());
    assertThat(request.header(RequestSigner.KEY_ID)).contains("pep-a");
    assertThat(request.header(RequestSigner.TIMESTAMP)).contains(expected.timestamp());
    assertThat(request.header(RequestSigner.NONCE)).contains("nonce-1");
    assertThat(request.header(RequestSigner.SIGNATURE)).contains(expected.signature());
  }

  @Test
  void aChunkedAnswerIsReadWholeAndItsConnectionUsedAgain() throws Exception {
    server().then(
        send("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n5;note=first\n{\"dec\n"
            + "c\nision\":true}\n0\nX-Checksum: ignored\n\n"),
        ok(PERMIT));
    HttpTransport transport = transport(server.address());

    assertThat(transport.evaluate(READ, TIMEOUT).outcome()).isEqualTo(PdpOutcome.PERMIT);
    assertThat(transport.evaluate(READ, TIMEOUT).outcome()).isEqualTo(PdpOutcome.PERMIT);

    assertThat(server.acceptedConnections()).isEqualTo(1);
  }

  @Test
  void keepAliveConnectionsAreUsedAgain() throws Exception {
    server().then(ok(PERMIT), ok(PERMIT), ok(PERMIT));
    HttpTransport transport = transport(server.address());

    for (int i = 0; i < 3; i++) {
      assertThat(transport.evaluate(READ, TIMEOUT).outcome()).isEqualTo(PdpOutcome.PERMIT);
    }

    assertThat(server.acceptedConnections()).isEqualTo(1);
    assertThat(server.requests()).extracting(ScriptedHttpServer.Request::connection).containsExactly(1, 1, 1);
  }

  @Test
  void aConnectionTheServerDoesNotKeepIsNotUsedAgain() throws Exception {
    server().then(
        ok(PERMIT, "Connection: close"),
        send("HTTP/1.0 200 OK\nContent-Length: 17\n\n" + PERMIT),
        thenClose(send("HTTP/1.1 200 OK\n\n" + PERMIT)), // no length: the body ends with the connection
        ok(PERMIT),
        ok(PERMIT));
    HttpTransport transport = transport(server.address());

    for (int i = 0; i < 5; i++) {
      assertThat(transport.evaluate(READ, TIMEOUT).outcome()).isEqualTo(PdpOutcome.PERMIT);
    }

    assertThat(server.requests()).extracting(ScriptedHttpServer.Request::connection).containsExactly(1, 2, 3, 4, 4);
  }

  @Test
  void interimAnswersAreSkipped() throws Exception {
    server().then(send("HTTP/1.1 100 Continue\n\nHTTP/1.1 102 Processing\nX-A: b\n\nHTTP/1.1 200 OK\n"
        + "Content-Length: 17\n\n" + PERMIT));

    assertThat(transport(server.address()).evaluate(READ, TIMEOUT).outcome()).isEqualTo(PdpOutcome.PERMIT);
  }

  @Test
  void aPooledConnectionTheServerClosedIsReplacedOnceWithoutAFailure() throws Exception {
    server().then(thenClose(ok(PERMIT)), ok(PERMIT));
    AtomicInteger signatures = new AtomicInteger();
    HttpTransport transport = transport(server.address(), null, Credentials.none(),
        new RequestSigner("pep-a", new byte[32], Clock.systemUTC(), () -> "nonce-" + signatures.incrementAndGet()));

    assertThat(transport.evaluate(READ, TIMEOUT).outcome()).isEqualTo(PdpOutcome.PERMIT);
    assertThat(transport.evaluate(READ, TIMEOUT).outcome()).as("the closed connection costs no failure")
        .isEqualTo(PdpOutcome.PERMIT);

    assertThat(server.acceptedConnections()).isEqualTo(2);
    assertThat(signatures).as("the request was signed again for the new connection").hasValue(3);
    assertThat(server.requests()).extracting(request -> request.header(RequestSigner.NONCE).orElseThrow())
        .containsExactly("nonce-1", "nonce-3");
  }

  @Test
  void onlyOneNewConnectionIsTriedAndANewConnectionsFailureIsTheCallers() throws Exception {
    ScriptedHttpServer.Reply closeWithoutAnswer = (connection, request) -> connection.close();
    server().then(thenClose(ok(PERMIT)), closeWithoutAnswer, closeWithoutAnswer);
    HttpTransport transport = transport(server.address());
    transport.evaluate(READ, TIMEOUT);

    CallFailure afterStale = failure(transport, READ, TIMEOUT);
    assertThat(afterStale.reason()).isEqualTo(DenyReason.PDP_UNAVAILABLE);
    assertThat(afterStale.retryable()).isTrue();
    assertThat(server.acceptedConnections()).isEqualTo(2);

    CallFailure fresh = failure(transport, READ, TIMEOUT);
    assertThat(fresh.reason()).isEqualTo(DenyReason.PDP_UNAVAILABLE);
    assertThat(fresh.getMessage()).contains("closed the connection without answering");
    assertThat(server.acceptedConnections()).as("not tried again here").isEqualTo(3);
  }

  @Test
  void aRefusedConnectionIsUnavailable() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0)) {
      port = closed.getLocalPort();
    }

    CallFailure failure = failure(transport("http://127.0.0.1:" + port), READ, TIMEOUT);

    assertThat(failure.reason()).isEqualTo(DenyReason.PDP_UNAVAILABLE);
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.getMessage()).startsWith("cannot reach the PDP at http://127.0.0.1:" + port);
  }

  @Test
  void aServerThatNeverAnswersIsADeadlineExceeded() throws Exception {
    server().then(hold(), ok(PERMIT), hold());
    HttpTransport transport = transport(server.address());

    CallFailure fresh = failure(transport, READ, TimeUnit.MILLISECONDS.toNanos(300));
    transport.evaluate(READ, TIMEOUT);
    CallFailure pooled = failure(transport, READ, TimeUnit.MILLISECONDS.toNanos(300));

    for (CallFailure failure : List.of(fresh, pooled)) {
      assertThat(failure.reason()).isEqualTo(DenyReason.DEADLINE_EXCEEDED);
      assertThat(failure.getMessage()).isEqualTo("the PDP at " + server.address() + " did not answer within 300 ms");
    }
    assertThat(server.requests()).as("a timeout is not a closed connection: not sent again").hasSize(3);
  }

  @Test
  void aLargeRequestThatThePdpDoesNotReadEndsAtTheDeadline() throws Exception {
    ServerSocket deaf = closeLater(new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress()));
    List<java.net.Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread.ofVirtual().start(() -> {
      try {
        accepted.add(closeLater(deaf.accept())); // and never read
      } catch (java.io.IOException closed) {
        // the test is over
      }
    });
    // more than the socket buffers on both sides hold, so the write blocks until the deadline ends it
    AccessRequest large = READ.withContext(java.util.Map.of("blob", "x".repeat(16 * 1024 * 1024)));

    CallFailure failure = failure(transport("http://127.0.0.1:" + deaf.getLocalPort()), large,
        TimeUnit.MILLISECONDS.toNanos(500));

    assertThat(failure.reason()).isEqualTo(DenyReason.DEADLINE_EXCEEDED);
    assertThat(accepted).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "garbage\n\n",
      "HTTP/1.1 2x0 OK\nContent-Length: 0\n\n",
      "HTTP/2 200\nContent-Length: 0\n\n",
      "HTTP/1.1 200OK\nContent-Length: 0\n\n",
      "HTTP/1.1 099 Early\nContent-Length: 0\n\n",
      "HTTP/1.1 101 Switching Protocols\nUpgrade: h2c\n\n",
      "HTTP/1.1 200 OK\nno colon here\nContent-Length: 0\n\n",
      "HTTP/1.1 200 OK\nBad Name: x\nContent-Length: 0\n\n",
      "HTTP/1.1 200 OK\n folded: line\nContent-Length: 0\n\n",
      "HTTP/1.1 200 OK\nContent-Length: 17\nContent-Length: 18\n\n{\"decision\":true}",
      "HTTP/1.1 200 OK\nContent-Length: -1\n\n",
      "HTTP/1.1 200 OK\nContent-Length: 17\nTransfer-Encoding: chunked\n\n11\n{\"decision\":true}\n0\n\n",
      "HTTP/1.1 200 OK\nTransfer-Encoding: gzip\n\n",
      "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\nzz\n{\"decision\":true}\n0\n\n",
      "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n5\n{\"decision\":true}\n0\n\n",
      "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n5000000\n",
      "HTTP/1.1 200 OK\nContent-Length: 67108865\n\n"})
  void aMalformedOrOversizedAnswerIsAPdpErrorAndItsConnectionClosed(String answer) throws Exception {
    server().then(send(answer), ok(PERMIT));
    HttpTransport transport = transport(server.address());

    CallFailure failure = failure(transport, READ, TIMEOUT);

    assertThat(failure.reason()).as(failure.getMessage()).isEqualTo(DenyReason.PDP_ERROR);
    assertThat(failure.getMessage()).startsWith("the PDP at " + server.address() + " sent a malformed HTTP answer: ");
    assertThat(transport.evaluate(READ, TIMEOUT).outcome()).isEqualTo(PdpOutcome.PERMIT);
    assertThat(server.acceptedConnections()).as("a new connection after a broken answer").isEqualTo(2);
  }

  @Test
  void aHeadLargerThan64KiBIsAPdpError() throws Exception {
    server().then(
        send("HTTP/1.1 200 OK\nX-Big: " + "a".repeat(Http1Connection.MAX_HEAD) + "\nContent-Length: 17\n\n" + PERMIT),
        send("HTTP/1.1 200 OK\n" + "X-Many: aaaaaaaaaaaaaaaaaaaaaaaa\n".repeat(Http1Connection.MAX_HEAD / 30)
            + "Content-Length: 17\n\n" + PERMIT),
        send("HTTP/1.1 100 Continue\n\n".repeat(Http1Connection.MAX_HEAD / 24) + "HTTP/1.1 200 OK\n"
            + "Content-Length: 17\n\n" + PERMIT),
        ok(PERMIT));
    HttpTransport transport = transport(server.address());

    for (int i = 0; i < 3; i++) {
      CallFailure failure = failure(transport, READ, TIMEOUT);
      assertThat(failure.reason()).isEqualTo(DenyReason.PDP_ERROR);
      assertThat(failure.getMessage()).contains("the head of the answer is longer than");
    }
    assertThat(transport.evaluate(READ, TIMEOUT).outcome()).isEqualTo(PdpOutcome.PERMIT);
  }

  @Test
  void aBodyWithinTheLimitIsReadWhole() throws Exception {
    String reasons = "{\"policy\":\"p\",\"rule\":\"r\",\"effect\":\"permit\"},".repeat(40_000);
    String body = "{\"decision\":true,\"context\":{\"reasons\":[" + reasons + "{\"policy\":\"last\"}]}}";
    server().then(ok(body), send("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n"
        + Integer.toHexString(body.length()) + "\n" + body + "\n0\n\n"));
    HttpTransport transport = transport(server.address());

    for (int i = 0; i < 2; i++) {
      assertThat(transport.evaluate(READ, TIMEOUT).reasons()).hasSize(40_001)
          .last().satisfies(reason -> assertThat(reason.policy()).isEqualTo("last"));
    }
  }

  @Test
  void errorAnswersMapAsBefore() throws Exception {
    server().then(
        answer("401 Unauthorized", "{\"code\":\"signature_required\",\"message\":\"sign your requests\"}"),
        answer("400 Bad Request", "no subject given"),
        answer("503 Service Unavailable", ""),
        answer("429 Too Many Requests", ""));
    HttpTransport transport = transport(server.address());

    CallFailure unauthorized = failure(transport, READ, TIMEOUT);
    assertThat(unauthorized.reason()).isEqualTo(DenyReason.CALLER_REJECTED);
    assertThat(unauthorized.getMessage())
        .isEqualTo("the PDP at " + server.address() + " answered HTTP 401 (signature_required): sign your requests");
    CallFailure badRequest = failure(transport, READ, TIMEOUT);
    assertThat(badRequest.reason()).isEqualTo(DenyReason.REQUEST_REJECTED);
    assertThat(badRequest.getMessage()).endsWith("answered HTTP 400: no subject given");
    CallFailure unavailable = failure(transport, READ, TIMEOUT);
    assertThat(unavailable.reason()).isEqualTo(DenyReason.PDP_UNAVAILABLE);
    assertThat(unavailable.retryable()).isTrue();
    assertThat(failure(transport, READ, TIMEOUT).reason()).isEqualTo(DenyReason.PDP_ERROR);
    assertThat(server.acceptedConnections()).as("error answers keep the connection").isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"token\r\nX-Admin: yes", "token\nX-Admin: yes", "token\rx", "tok\u0000en", "tok\u007fen",
      "tok\u20acen"})
  void aSubjectTokenThatCouldBreakTheHeadIsRefusedBeforeAnythingIsSent(String token) throws Exception {
    server();
    assertRefusedUnsent(transport(server.address()), READ.withSubjectToken(token), DenyReason.REQUEST_REJECTED,
        "X-Subject-Token", "X-Admin");
  }

  @Test
  void aBearerTokenThatCouldBreakTheHeadIsTheCallersFault() throws Exception {
    server();
    assertRefusedUnsent(transport(server.address(), null, Credentials.bearerToken(() -> "abc\r\nX-A: b"), null),
        READ, DenyReason.CALLER_REJECTED, "Authorization", "abc");
  }

  /**
   * The call fails with {@code reason}, naming {@code header} but not {@code secret}, never connects,
   * and does not pass for an answer of the PDP.
   */
  private void assertRefusedUnsent(HttpTransport transport, AccessRequest request, DenyReason reason, String header,
      String secret) {
    server.then(ok(PERMIT));

    CallFailure failure = failure(transport, request, TIMEOUT);

    assertThat(failure.reason()).isEqualTo(reason);
    assertThat(failure.getMessage()).contains(header).doesNotContain(secret);
    assertThat(failure.answeredByPdp()).as("the PDP was not asked: not a sign of health for the breaker").isFalse();
    assertThat(server.acceptedConnections()).isZero();
  }

  @Test
  void aTabInAHeaderValueIsSent() throws Exception {
    server().then(ok(PERMIT));

    transport(server.address()).evaluate(READ.withSubjectToken("a\tb"), TIMEOUT);

    assertThat(server.requests().getFirst().head()).contains("X-Subject-Token: a\tb\r\n");
  }

  @Test
  void closingTheClientEndsACallThatWaitsAsADenyAndLaterCallsConnectNoMore() throws Exception {
    server().then(hold());
    PdpClient client = closeLater(PdpClient.builder(server.address()).watchRevisions(false)
        .deadline(Duration.ofSeconds(30)).retry(RetryPolicy.none()).build());
    var waiting = client.evaluateAsync(READ);
    server.awaitRequests(1);

    client.close();

    assertThat(waiting.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(Decision.Deny.class,
        deny -> assertThat(deny.reason()).as(deny.message()).isEqualTo(DenyReason.CLIENT_CLOSED));
  }

  @Test
  void aClosedTransportFailsAtOnceWithoutConnecting() throws Exception {
    server().then(ok(PERMIT), hold());
    HttpTransport transport = transport(server.address());
    transport.evaluate(READ, TIMEOUT);
    AtomicReference<CallFailure> blocked = new AtomicReference<>();
    Thread call = Thread.ofPlatform().start(() -> blocked.set(catchThrowableOfType(CallFailure.class,
        () -> transport.evaluate(READ, TIMEOUT))));
    server.awaitRequests(2);

    transport.close();
    call.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(blocked.get()).as("a platform thread's read ends too").isNotNull()
        .satisfies(failure -> assertThat(failure.reason()).isEqualTo(DenyReason.CLIENT_CLOSED));
    assertThat(failure(transport, READ, TIMEOUT).reason()).isEqualTo(DenyReason.CLIENT_CLOSED);
    assertThat(server.acceptedConnections()).isEqualTo(1);
  }

  @Test
  void anInterruptedVirtualThreadEndsItsCallAsClientClosedAndStaysInterrupted() throws Exception {
    server().then(hold());
    HttpTransport transport = transport(server.address());
    AtomicReference<CallFailure> failure = new AtomicReference<>();
    AtomicBoolean interrupted = new AtomicBoolean();
    Thread call = Thread.ofVirtual().start(() -> {
      failure.set(catchThrowableOfType(CallFailure.class, () -> transport.evaluate(READ, TIMEOUT)));
      interrupted.set(Thread.currentThread().isInterrupted());
    });
    server.awaitRequests(1);

    call.interrupt();
    call.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(failure.get()).isNotNull().satisfies(f -> {
      assertThat(f.reason()).isEqualTo(DenyReason.CLIENT_CLOSED);
      assertThat(f.getMessage()).startsWith("interrupted while waiting for the PDP at");
    });
    assertThat(interrupted).isTrue();
  }

  @Test
  void atMost64IdleConnectionsAreKept() throws Exception {
    int calls = Http1Pool.MAX_IDLE + 2;
    server();
    HttpTransport transport = transport(server.address());

    for (int round = 1; round <= 2; round++) {
      CountDownLatch allArrived = new CountDownLatch(calls);
      for (int i = 0; i < calls; i++) {
        server.then((connection, request) -> {
          allArrived.countDown();
          allArrived.await(20, TimeUnit.SECONDS);
          ok(PERMIT).answer(connection, request);
        });
      }
      List<Thread> threads = new ArrayList<>();
      AtomicInteger permits = new AtomicInteger();
      for (int i = 0; i < calls; i++) {
        threads.add(Thread.ofVirtual().start(() -> {
          try {
            if (transport.evaluate(READ, TIMEOUT).outcome() == PdpOutcome.PERMIT) {
              permits.incrementAndGet();
            }
          } catch (CallFailure e) {
            throw new AssertionError(e.getMessage());
          }
        }));
      }
      for (Thread thread : threads) {
        thread.join();
      }
      assertThat(permits).as("round %d", round).hasValue(calls);
    }

    assertThat(server.acceptedConnections()).as("64 kept from the first round, 2 new").isEqualTo(calls + 2);
  }

  @Test
  void tlsVerifiesTheServersNameAndSendsSni() throws Exception {
    Path certificates = Files.createTempDirectory("pep-http-tls");
    CertificateGenerator generator = new CertificateGenerator(certificates, true);
    String password = "pep-test";
    generator.generate(new CertificateRequest().withName("local").withCN("localhost").withPassword(password)
        .withFormat(Format.PKCS12).withClientCertificate());
    generator.generate(new CertificateRequest().withName("elsewhere").withCN("pdp.example")
        .withSubjectAlternativeName("DNS:pdp.example").withPassword(password).withFormat(Format.PKCS12)
        .withClientCertificate());
    ScriptedHttpServer local = closeLater(new ScriptedHttpServer(serverTls(certificates.resolve("local-keystore.p12"),
        password)));
    local.then(ok(PERMIT), ok(PERMIT), ok(PERMIT));
    Tls trustLocal = Tls.trustPkcs12(certificates.resolve("local-client-truststore.p12"), password.toCharArray());

    HttpTransport byName = transport("https://localhost:" + local.port(), trustLocal, Credentials.none(), null);
    assertThat(byName.evaluate(READ, TIMEOUT).outcome()).isEqualTo(PdpOutcome.PERMIT);
    assertThat(byName.evaluate(READ, TIMEOUT).outcome()).isEqualTo(PdpOutcome.PERMIT);
    HttpTransport byAddress = transport("https://127.0.0.1:" + local.port(), trustLocal, Credentials.none(), null);
    assertThat(byAddress.evaluate(READ, TIMEOUT).outcome()).isEqualTo(PdpOutcome.PERMIT);
    assertThat(local.requests()).as("SNI for a name only; the connection kept")
        .extracting(ScriptedHttpServer.Request::connection, ScriptedHttpServer.Request::serverName)
        .containsExactly(tuple(1, "localhost"), tuple(1, "localhost"), tuple(2, null));

    ScriptedHttpServer elsewhere = closeLater(new ScriptedHttpServer(
        serverTls(certificates.resolve("elsewhere-keystore.p12"), password)));
    elsewhere.then(ok(PERMIT));
    Tls trustElsewhere = Tls.trustPkcs12(certificates.resolve("elsewhere-client-truststore.p12"),
        password.toCharArray());
    CallFailure wrongName = failure(transport("https://localhost:" + elsewhere.port(), trustElsewhere,
        Credentials.none(), null), READ, TIMEOUT);
    assertThat(wrongName.reason()).isEqualTo(DenyReason.PDP_UNAVAILABLE);
    assertThat(elsewhere.requests()).as("a certificate for another name gets no request").isEmpty();
  }

  private static SSLContext serverTls(Path keyStore, String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, password.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }
}
