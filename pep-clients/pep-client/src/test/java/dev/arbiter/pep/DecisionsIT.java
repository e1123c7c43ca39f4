package dev.arbiter.pep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.pep.Endpoint.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Decisions from the real PDP (the packaged service, in its own process, with the test bundle),
 * over gRPC and over HTTP alike: permits with obligations, denies, batches, the cache and its
 * invalidation by a new policy revision.
 */
class DecisionsIT {
  private static final Duration PDP_TTL = Duration.ofSeconds(2);

  static Path bundle;
  static PdpProcess pdp;

  @BeforeAll
  static void startPdp() throws Exception {
    bundle = TestBundle.copyTo(Files.createTempDirectory("pep-decisions"));
    pdp = PdpProcess.start("decisions", bundle, Map.of("arbiter.decision.ttl", PDP_TTL.toString()));
  }

  @AfterAll
  static void stopPdp() throws Exception {
    pdp.close();
  }

  private static AccessRequest request(String role, String action, String document) {
    return TestBundle.request(role, action, document);
  }

  private static PdpClient client(Protocol protocol, UnaryOperator<PdpClientBuilder> settings) {
    return settings.apply(pdp.client(protocol)).build();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void permitsWithTheObligationsOfThePolicy(Protocol protocol) {
    try (PdpClient client = client(protocol, builder -> builder.cache(CachePolicy.disabled()))) {
      Decision decision = client.evaluate(request("editor", "write", "plan"));

      assertThat(decision).isInstanceOf(Decision.Permit.class);
      assertThat(decision.source()).isEqualTo(Source.REMOTE);
      assertThat(decision.obligations()).containsExactly(
          new Obligation("log", Map.of("level", "audit")), new Obligation("watermark", Map.of("text", "ana")));
      PdpResponse response = decision.pdpResponse().orElseThrow();
      assertThat(response.reasons()).extracting(Reason::policy, Reason::rule)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("documents", "editors-write"));
      assertThat(response.ttl()).isEqualTo(PDP_TTL);
      assertThat(response.revision()).isNotBlank();
      assertThat(decision.decisionId()).isPresent();
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void deniesWhatThePoliciesDenyOrDoNotCover(Protocol protocol) {
    try (PdpClient client = client(protocol, UnaryOperator.identity())) {
      Decision.Deny denied = (Decision.Deny) client.evaluate(request("editor", "delete", "plan"));
      assertThat(denied.reason()).isEqualTo(DenyReason.POLICY);
      assertThat(denied.pdpResponse().orElseThrow().outcome()).isEqualTo(PdpOutcome.DENY);
      assertThat(denied.message()).isEqualTo("the policies deny: documents/nobody-deletes");

      Decision.Deny uncovered = (Decision.Deny) client.evaluate(request("viewer", "write", "plan"));
      assertThat(uncovered.reason()).isEqualTo(DenyReason.POLICY);
      assertThat(uncovered.pdpResponse().orElseThrow().outcome()).isEqualTo(PdpOutcome.NOT_APPLICABLE);
      assertThat(uncovered.message()).isEqualTo("no policy applies");
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aPermitWithAnObligationNoHandlerUnderstandsIsADeny(Protocol protocol) {
    ObligationHandlers logOnly = ObligationHandlers.builder().accept("log").build();
    try (PdpClient client = client(protocol, builder -> builder.obligationHandlers(logOnly))) {
      assertThat(client.evaluate(request("viewer", "read", "plan")).permitted()).isTrue();

      Decision.Deny denied = (Decision.Deny) client.evaluate(request("editor", "write", "plan"));
      assertThat(denied.reason()).isEqualTo(DenyReason.UNHANDLED_OBLIGATION);
      assertThat(denied.message()).contains("`watermark`");
      assertThat(denied.pdpResponse().orElseThrow().permitted()).as("the PDP itself permitted").isTrue();

      PdpClient withWatermarks = client.withObligationHandlers(ObligationHandlers.builder().accept("watermark").build());
      assertThat(withWatermarks.evaluate(request("editor", "write", "plan")))
          .as("a view that understands watermarks, sharing the cached answer")
          .isInstanceOfSatisfying(Decision.Permit.class, permit -> assertThat(permit.source()).isEqualTo(Source.CACHE));
      assertThat(client.evaluate(request("editor", "write", "plan")).permitted())
          .as("the original client still does not").isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aPermitWhoseObligationIsRefusedOrWhoseHandlerFailsIsADeny(Protocol protocol) {
    List<String> countersigned = new CopyOnWriteArrayList<>();
    ObligationHandlers handlers = ObligationHandlers.builder()
        .handle("countersign", (obligation, request) -> {
          countersigned.add(request.resource().id());
          return request.resource().id().equals("signed") ? Fulfilment.accepted()
              : Fulfilment.refused("ask a second editor to countersign");
        })
        .handle("watermark", (obligation, request) -> {
          throw new IllegalStateException("no watermark printer");
        })
        .accept("log")
        .build();
    try (PdpClient client = client(protocol, builder -> builder.obligationHandlers(handlers))) {
      assertThat(client.evaluate(request("editor", "share", "signed")).permitted()).isTrue();

      Decision.Deny refused = (Decision.Deny) client.evaluate(request("editor", "share", "draft"));
      assertThat(refused.reason()).isEqualTo(DenyReason.OBLIGATION_REFUSED);
      assertThat(refused.message()).isEqualTo("ask a second editor to countersign");

      Decision.Deny failed = (Decision.Deny) client.evaluate(request("editor", "write", "plan"));
      assertThat(failed.reason()).isEqualTo(DenyReason.OBLIGATION_REFUSED);
      assertThat(failed.message()).contains("`watermark`", "no watermark printer");

      assertThat(client.evaluate(request("editor", "share", "draft")).source()).isEqualTo(Source.CACHE);
      assertThat(countersigned).as("handlers run on cached permits too").containsExactly("signed", "draft", "draft");
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aRequestThePdpRefusesIsDeniedAndNotRetried(Protocol protocol) {
    RecordingMetrics metrics = new RecordingMetrics();
    try (PdpClient client = client(protocol, builder -> builder.metrics(metrics))) {
      AccessRequest wrongType = AccessRequest.of(new Subject("user", "ana", Map.of("role", 5)), Action.of("read"),
          Resource.of("document", "plan"));

      Decision.Deny denied = (Decision.Deny) client.evaluate(wrongType);

      assertThat(denied.reason()).isEqualTo(DenyReason.REQUEST_REJECTED);
      assertThat(denied.message()).contains("role");
      assertThat(metrics.errors).singleElement().satisfies(error -> {
        assertThat(error.reason()).isEqualTo(DenyReason.REQUEST_REJECTED);
        assertThat(error.willRetry()).isFalse();
      });
      assertThat(client.breakerState()).isEqualTo(BreakerState.CLOSED);
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aBatchIsAnsweredInOrderWithOneDecisionPerDistinctRequest(Protocol protocol) throws Exception {
    try (PdpClient client = client(protocol, builder -> builder.cache(CachePolicy.disabled()))) {
      List<AccessRequest> requests = List.of(
          request("viewer", "read", "plan"),
          request("editor", "delete", "plan"),
          AccessRequest.of(new Subject("user", "ana", Map.of("role", 5)), Action.of("read"), Resource.of("document", "x")),
          request("editor", "write", "plan"),
          request("viewer", "read", "plan"));
      long before = pdp.decisions();

      List<Decision> decisions = client.evaluateAll(requests);

      assertThat(decisions).extracting(Decision::permitted).containsExactly(true, false, false, true, true);
      assertThat(((Decision.Deny) decisions.get(1)).reason()).isEqualTo(DenyReason.POLICY);
      assertThat(((Decision.Deny) decisions.get(2)).reason()).isEqualTo(DenyReason.REQUEST_REJECTED);
      assertThat(decisions.get(3).obligations()).extracting(Obligation::name).containsExactly("log", "watermark");
      assertThat(decisions).extracting(Decision::source)
          .containsExactly(Source.REMOTE, Source.REMOTE, Source.NONE, Source.REMOTE, Source.REMOTE);
      assertThat(pdp.decisions() - before).as("the repeated request is asked once, the invalid one is not decided")
          .isEqualTo(3);
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aCachedAnswerIsUsedWithoutAskingThePdp(Protocol protocol) throws Exception {
    RecordingMetrics metrics = new RecordingMetrics();
    try (PdpClient client = client(protocol, builder -> builder.metrics(metrics))) {
      AccessRequest read = request("viewer", "read", "cached-" + protocol);
      AccessRequest delete = request("viewer", "delete", "cached-" + protocol);
      assertThat(client.evaluate(read).source()).isEqualTo(Source.REMOTE);
      assertThat(client.evaluateAll(List.of(read, delete))).extracting(Decision::source)
          .containsExactly(Source.CACHE, Source.REMOTE);
      long before = pdp.decisions();

      Decision again = client.evaluate(request("viewer", "read", "cached-" + protocol));
      List<Decision> batch = client.evaluateAll(List.of(delete, read));

      assertThat(again).isInstanceOfSatisfying(Decision.Permit.class,
          permit -> assertThat(permit.source()).isEqualTo(Source.CACHE));
      assertThat(batch).extracting(Decision::source).containsExactly(Source.CACHE, Source.CACHE);
      assertThat(batch).extracting(Decision::permitted).containsExactly(false, true);
      assertThat(pdp.decisions()).as("no request reached the PDP").isEqualTo(before);
      assertThat(metrics.decisions).extracting(RecordingMetrics.DecisionEvent::source)
          .containsExactly(Source.REMOTE, Source.CACHE, Source.REMOTE, Source.CACHE, Source.CACHE, Source.CACHE);
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aCachedAnswerLastsAsLongAsThePdpsTimeToLive(Protocol protocol) throws Exception {
    try (PdpClient client = client(protocol, UnaryOperator.identity())) {
      AccessRequest read = request("viewer", "read", "ttl-" + protocol);
      assertThat(client.evaluate(read).source()).isEqualTo(Source.REMOTE);
      long asked = System.nanoTime();

      List<Source> sources = new ArrayList<>();
      Decision decision;
      do {
        Thread.sleep(100);
        decision = client.evaluate(read);
        sources.add(decision.source());
      } while (decision.source() == Source.CACHE && System.nanoTime() - asked < Duration.ofSeconds(10).toNanos());
      long lasted = System.nanoTime() - asked;

      assertThat(sources.getFirst()).isEqualTo(Source.CACHE);
      assertThat(decision.source()).as("asked again once the answer expired: %s", decision).isEqualTo(Source.REMOTE);
      // bounds wide enough for a machine shared with other builds, narrow enough to tell the PDP's
      // 2 s from the client's 5 min cap and from no caching
      assertThat(Duration.ofNanos(lasted)).isBetween(PDP_TTL.dividedBy(2), PDP_TTL.plusSeconds(3));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aNewPolicyRevisionEmptiesTheCacheAtOnce(Protocol protocol) throws Exception {
    RecordingMetrics metrics = new RecordingMetrics();
    try (PdpClient client = client(protocol, builder -> builder.metrics(metrics))) {
      AccessRequest readReport = request("viewer", "read", "report");
      assertThat(client.evaluate(readReport).permitted()).isTrue();
      String first = awaitRevision(client, Optional.empty());
      assertThat(client.evaluate(readReport).source()).isEqualTo(Source.CACHE);

      String permitted = "permit \"anyone-reads\" when action.name == \"read\"";
      TestBundle.rewritePolicy(bundle, permitted, permitted + " and resource.id != \"report\"");
      try {
        String second = awaitRevision(client, Optional.of(first));

        Decision afterChange = client.evaluate(readReport);
        assertThat(afterChange.source()).isEqualTo(Source.REMOTE);
        assertThat(afterChange.permitted()).as("the new policy no longer lets anyone read the report").isFalse();
        assertThat(afterChange.pdpResponse().orElseThrow().revision()).isEqualTo(second);
        assertThat(metrics.revisions).containsSubsequence(first, second);
      } finally {
        TestBundle.rewritePolicy(bundle, permitted + " and resource.id != \"report\"", permitted);
        awaitRevision(client, Optional.of(client.revision().orElseThrow()));
      }
    }
  }

  /** Waits until the client knows a revision other than {@code previous}, as the stream tells it. */
  static String awaitRevision(PdpClient client, Optional<String> previous) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> now = client.revision();
      if (now.isPresent() && !now.equals(previous)) {
        return now.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no revision other than " + previous + " within 30 s");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void asynchronousCallsGiveTheSameDecisions(Protocol protocol) {
    try (PdpClient client = client(protocol, UnaryOperator.identity())) {
      assertThat(client.evaluateAsync(request("viewer", "read", "async")).join().permitted()).isTrue();
      assertThat(client.evaluateAllAsync(List.of(request("viewer", "read", "async"), request("x", "delete", "async")))
          .join()).extracting(Decision::permitted).containsExactly(true, false);
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aClosedClientDenies(Protocol protocol) {
    PdpClient client = client(protocol, UnaryOperator.identity());
    assertThat(client.evaluate(request("viewer", "read", "closed")).permitted()).isTrue();
    client.close();

    assertThat(client.evaluate(request("viewer", "read", "closed")))
        .isInstanceOfSatisfying(Decision.Deny.class, deny -> assertThat(deny.reason()).isEqualTo(DenyReason.CLIENT_CLOSED));
    assertThat(client.evaluateAsync(request("viewer", "read", "closed")).join().permitted()).isFalse();
  }
}
