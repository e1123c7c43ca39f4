package dev.arbiter.pep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.pep.Endpoint.Protocol;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client fails closed: the real PDP behind a TCP relay that the tests break on purpose
 * (connections reset, answers that never come), and the PDP process itself stopped and started
 * again. Retries, the grace period, the circuit breaker and deadlines, over gRPC and HTTP.
 */
class FailuresIT {
  private static final AccessRequest READ = TestBundle.request("viewer", "read", "plan");
  private static final AccessRequest DELETE = TestBundle.request("viewer", "delete", "plan");

  static PdpProcess pdp;
  TcpProxy proxy;

  @BeforeAll
  static void startPdp() throws Exception {
    pdp = PdpProcess.start("failures", TestBundle.copyTo(Files.createTempDirectory("pep-failures")), Map.of());
  }

  @AfterAll
  static void stopPdp() throws Exception {
    pdp.close();
  }

  @BeforeEach
  void startProxy() throws Exception {
    proxy = new TcpProxy(pdp.port());
  }

  @AfterEach
  void stopProxy() throws Exception {
    proxy.close();
  }

  /** A client of the PDP through the relay; the revision stream off, so that only calls make connections. */
  private PdpClient client(Protocol protocol, UnaryOperator<PdpClientBuilder> settings) {
    return settings.apply(PdpClient.builder(proxy.address(protocol))
        .obligationHandlers(TestBundle.OBLIGATIONS)
        .deadline(Duration.ofSeconds(10))
        .watchRevisions(false)).build();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void anUnreachablePdpIsADenyAfterTheRetries(Protocol protocol) {
    RecordingMetrics metrics = new RecordingMetrics();
    try (PdpClient client = client(protocol, builder -> builder.metrics(metrics))) {
      proxy.mode(TcpProxy.Mode.REFUSE);

      Decision decision = client.evaluate(READ);

      assertThat(decision).isInstanceOfSatisfying(Decision.Deny.class, deny -> {
        assertThat(deny.reason()).isEqualTo(DenyReason.PDP_UNAVAILABLE);
        assertThat(deny.source()).isEqualTo(Source.NONE);
        assertThat(deny.pdpResponse()).isEmpty();
      });
      assertThat(metrics.errors).as("%s", metrics.errors).extracting(PdpFailure::attempt, PdpFailure::willRetry).containsExactly(
          org.assertj.core.groups.Tuple.tuple(1, true), org.assertj.core.groups.Tuple.tuple(2, true),
          org.assertj.core.groups.Tuple.tuple(3, false));
      assertThat(metrics.decisions).singleElement()
          .satisfies(event -> assertThat(event.decision().permitted()).isFalse());
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aRetryGetsThroughOnceThePdpIsReachableAgain(Protocol protocol) {
    RecordingMetrics metrics = new RecordingMetrics() {
      @Override
      public void onError(PdpFailure failure) {
        super.onError(failure);
        proxy.mode(TcpProxy.Mode.FORWARD);
      }
    };
    try (PdpClient client = client(protocol, builder -> builder.metrics(metrics))) {
      proxy.mode(TcpProxy.Mode.REFUSE);

      Decision decision = client.evaluate(READ);

      assertThat(decision.permitted()).as("%s", decision).isTrue();
      assertThat(decision.source()).isEqualTo(Source.REMOTE);
      assertThat(metrics.errors).singleElement().satisfies(error -> {
        assertThat(error.reason()).isEqualTo(DenyReason.PDP_UNAVAILABLE);
        assertThat(error.willRetry()).isTrue();
      });
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void onlyWithAGracePeriodDoesACachedPermitOutliveItsTimeToLiveWhileThePdpIsUnreachable(Protocol protocol)
      throws Exception {
    Duration ttl = Duration.ofMillis(300);
    CachePolicy shortLived = new CachePolicy(1000, ttl);
    CallOptions withGrace = CallOptions.defaults().withGracePeriod(Duration.ofMinutes(1));
    try (PdpClient graceful = client(protocol, builder -> builder.cache(shortLived).gracePeriod(Duration.ofMinutes(1)));
        PdpClient strict = client(protocol, builder -> builder.cache(shortLived))) {
      assertThat(graceful.evaluate(READ).permitted()).isTrue();
      assertThat(graceful.evaluate(DELETE).permitted()).isFalse();
      assertThat(strict.evaluate(READ, withGrace).permitted()).as("asks for a grace period for this call").isTrue();
      proxy.mode(TcpProxy.Mode.REFUSE);
      Thread.sleep(ttl.plusMillis(100).toMillis());

      assertThat(graceful.evaluate(READ)).isInstanceOfSatisfying(Decision.Permit.class,
          permit -> assertThat(permit.source()).isEqualTo(Source.GRACE));
      assertThat(graceful.evaluate(DELETE)).as("a cached deny is no fallback")
          .isInstanceOfSatisfying(Decision.Deny.class, deny -> assertThat(deny.reason()).isEqualTo(DenyReason.PDP_UNAVAILABLE));
      assertThat(graceful.evaluate(TestBundle.request("viewer", "read", "never-asked")).permitted()).isFalse();

      assertThat(strict.evaluate(READ)).as("no grace period by default")
          .isInstanceOfSatisfying(Decision.Deny.class, deny -> assertThat(deny.reason()).isEqualTo(DenyReason.PDP_UNAVAILABLE));
      assertThat(strict.evaluate(READ, withGrace).source()).isEqualTo(Source.GRACE);
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void theBreakerOpensAfterFailuresThenLetsAProbeThroughAndCloses(Protocol protocol) throws Exception {
    RecordingMetrics metrics = new RecordingMetrics();
    try (PdpClient client = clientWithBreaker(protocol, metrics, 3, Duration.ofMillis(500))) {
      proxy.mode(TcpProxy.Mode.REFUSE);
      for (int i = 0; i < 3; i++) {
        assertThat(((Decision.Deny) client.evaluate(READ)).reason()).isEqualTo(DenyReason.PDP_UNAVAILABLE);
      }
      assertThat(client.breakerState()).isEqualTo(BreakerState.OPEN);
      proxy.mode(TcpProxy.Mode.FORWARD);

      Decision.Deny whileOpen = (Decision.Deny) client.evaluate(READ);
      assertThat(whileOpen.reason()).isEqualTo(DenyReason.CIRCUIT_OPEN);
      assertThat(whileOpen.message()).contains("circuit breaker is open");
      assertThat(metrics.errors).as("an open breaker does not try").hasSize(3);

      awaitState(client, BreakerState.HALF_OPEN);
      Decision probe = client.evaluate(READ);
      assertThat(probe.permitted()).isTrue();
      assertThat(client.breakerState()).isEqualTo(BreakerState.CLOSED);
      assertThat(metrics.breakerChanges).containsExactly(
          new RecordingMetrics.BreakerChange(BreakerState.CLOSED, BreakerState.OPEN),
          new RecordingMetrics.BreakerChange(BreakerState.OPEN, BreakerState.HALF_OPEN),
          new RecordingMetrics.BreakerChange(BreakerState.HALF_OPEN, BreakerState.CLOSED));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aFailedProbeOpensTheBreakerAgain(Protocol protocol) throws Exception {
    RecordingMetrics metrics = new RecordingMetrics();
    try (PdpClient client = clientWithBreaker(protocol, metrics, 2, Duration.ofMillis(300))) {
      proxy.mode(TcpProxy.Mode.REFUSE);
      client.evaluate(READ);
      client.evaluate(READ);
      awaitState(client, BreakerState.HALF_OPEN);

      assertThat(((Decision.Deny) client.evaluate(READ)).reason()).isEqualTo(DenyReason.PDP_UNAVAILABLE);

      assertThat(client.breakerState()).isEqualTo(BreakerState.OPEN);
      assertThat(metrics.breakerChanges).extracting(RecordingMetrics.BreakerChange::to)
          .containsExactly(BreakerState.OPEN, BreakerState.HALF_OPEN, BreakerState.OPEN);
    }
  }

  /** A client without retries whose breaker opens after {@code failures} failed calls, for {@code open}. */
  private PdpClient clientWithBreaker(Protocol protocol, RecordingMetrics metrics, int failures, Duration open) {
    return client(protocol, builder -> builder.circuitBreaker(new CircuitBreakerPolicy(failures, open, 1))
        .retry(RetryPolicy.none()).metrics(metrics));
  }

  private static void awaitState(PdpClient client, BreakerState state) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (client.breakerState() != state) {
      assertThat(System.nanoTime()).as("the breaker reaches " + state + " within 10 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aPdpThatDoesNotAnswerInTimeIsADenyAtTheDeadline(Protocol protocol) {
    Duration deadline = Duration.ofMillis(500);
    try (PdpClient client = client(protocol, UnaryOperator.identity())) {
      assertThat(client.evaluate(READ).permitted()).as("connected and warm").isTrue();
      proxy.mode(TcpProxy.Mode.STALL);
      long start = System.nanoTime();

      Decision decision = client.evaluate(DELETE, CallOptions.defaults().withDeadline(deadline));

      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(decision).isInstanceOfSatisfying(Decision.Deny.class,
          deny -> assertThat(deny.reason()).isEqualTo(DenyReason.DEADLINE_EXCEEDED));
      assertThat(took).isBetween(deadline, deadline.plusSeconds(2));
    }
  }

  @Test
  void aStoppedPdpIsADenyAndARestartedOneIsAskedAgain() throws Exception {
    List<PdpClient> clients = List.of(Protocol.values()).stream()
        .map(protocol -> pdp.client(protocol).cache(CachePolicy.disabled())
            .circuitBreaker(CircuitBreakerPolicy.disabled()).build())
        .toList();
    try {
      for (PdpClient client : clients) {
        assertThat(client.evaluate(READ).permitted()).isTrue();
      }
      pdp.stop();
      for (PdpClient client : clients) {
        assertThat(client.evaluate(READ)).as("%s with the PDP stopped", client)
            .isInstanceOfSatisfying(Decision.Deny.class,
                deny -> assertThat(deny.reason()).isEqualTo(DenyReason.PDP_UNAVAILABLE));
      }
      pdp.start();
      for (PdpClient client : clients) {
        assertThat(client.evaluate(READ).permitted()).as("%s once the PDP is back", client).isTrue();
        DecisionsIT.awaitRevision(client, java.util.Optional.empty());
      }
    } finally {
      clients.forEach(PdpClient::close);
    }
  }
}
