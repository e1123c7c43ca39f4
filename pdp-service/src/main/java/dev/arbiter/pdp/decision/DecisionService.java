package dev.arbiter.pdp.decision;

import dev.arbiter.pdp.audit.AuditTrail;
import dev.arbiter.pdp.audit.AuditedDecision;
import dev.arbiter.pdp.bundle.ActiveRevision;
import dev.arbiter.pdp.bundle.BundleStore;
import dev.arbiter.pdp.decision.Outcome.Decided;
import dev.arbiter.pdp.decision.Outcome.Rejected;
import dev.arbiter.pdp.decision.Outcome.Unavailable;
import dev.arbiter.pdp.events.Detectors;
import dev.arbiter.pdp.grants.GrantBook;
import dev.arbiter.pdp.limits.Limits;
import dev.arbiter.policy.ast.Decision;
import dev.arbiter.policy.ast.Effect;
import dev.arbiter.policy.cache.DecisionCache;
import dev.arbiter.policy.compile.CompiledBundle;
import dev.arbiter.policy.decision.AuthorizationResult;
import dev.arbiter.policy.decision.Reason;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.request.Request;
import dev.arbiter.policy.request.RequestJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides requests against the active bundle revision. Thread-safe; cheap enough to call on the
 * event loop (a decision is well under a microsecond; the JSON around it costs more).
 */
@Singleton
public class DecisionService {
  private static final Duration MINIMUM_GRANULARITY = Duration.ofMillis(1);

  private final BundleStore store;
  private final AuditTrail audit;
  private final GrantBook grants;
  private final Limits limits;
  private final Detectors detectors;
  private final Clock clock;
  private final Duration ttl;
  private final Duration timeGranularity;
  private final Optional<DecisionCache> cache;
  private final DecisionIds ids = new DecisionIds();
  private final Map<Decision, Counter> decisions = new EnumMap<>(Decision.class);
  private final Counter rejected;
  private final Timer latency;

  DecisionService(
      BundleStore store,
      AuditTrail audit,
      GrantBook grants,
      Limits limits,
      Detectors detectors,
      MeterRegistry registry,
      @ConfigProperty(name = "arbiter.decision.ttl", defaultValue = "PT10S") Duration ttl,
      @ConfigProperty(name = "arbiter.decision.time-granularity", defaultValue = "PT1S") Duration timeGranularity,
      @ConfigProperty(name = "arbiter.decision.cache.size", defaultValue = "10000") long cacheSize,
      @ConfigProperty(name = "arbiter.decision.cache.expire-after", defaultValue = "PT1M") Duration cacheExpiry) {
    this.store = store;
    this.audit = audit;
    this.grants = grants;
    this.limits = limits;
    this.detectors = detectors;
    this.clock = Clock.systemUTC();
    this.ttl = ttl;
    this.timeGranularity = timeGranularity.compareTo(MINIMUM_GRANULARITY) < 0 ? MINIMUM_GRANULARITY : timeGranularity;
    this.cache = cacheSize > 0 ? Optional.of(new DecisionCache(cacheSize, cacheExpiry)) : Optional.empty();
    for (Decision decision : Decision.values()) {
      decisions.put(decision, Counter.builder("arbiter.decisions").tag("decision", decision.keyword())
          .description("Decisions made, by outcome").register(registry));
    }
    this.rejected = Counter.builder("arbiter.requests.rejected")
        .description("Requests refused before deciding: malformed, or not matching the schema").register(registry);
    this.latency = Timer.builder("arbiter.decision.latency")
        .description("Time to decide one request, from the decoded JSON tree to the result")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(500))
        .maximumExpectedValue(Duration.ofSeconds(1))
        .register(registry);
    cache.ifPresent(decisionCache -> Gauge.builder("arbiter.decision.cache.hit.ratio", decisionCache,
            c -> c.statistics().hitRatio())
        .description("Share of decisions answered from the decision cache").register(registry));
    store.revisions().subscribe().with(revision -> cache.ifPresent(DecisionCache::clear));
  }

  /** The active revision, if any. */
  public Optional<ActiveRevision> active() {
    return store.active();
  }

  /** Decides one request given as a JSON tree in the AuthZEN shape, and records it in the audit trail. */
  public Outcome decide(Json request, Optional<VerifiedSubject> verified, Caller caller) {
    Optional<ActiveRevision> active = store.active();
    if (active.isEmpty()) {
      return new Unavailable("no policy bundle is active yet");
    }
    return decide(active.get().bundle(), request, verified, caller);
  }

  /**
   * Decides a batch: each item's subject, action, resource and context replace the defaults'
   * wholesale. With a short-circuit semantic, the answer ends at the first item that settles it.
   */
  public List<Outcome> decideAll(JsonObject defaults, List<Json> items, BatchSemantic semantic,
      Optional<VerifiedSubject> verified, Caller caller) {
    Optional<ActiveRevision> active = store.active();
    if (active.isEmpty()) {
      return List.of(new Unavailable("no policy bundle is active yet"));
    }
    // One revision for the whole batch: a reload in the middle must not mix two policies' answers.
    CompiledBundle bundle = active.get().bundle();
    List<Outcome> outcomes = new ArrayList<>(items.size());
    for (Json item : items) {
      Outcome outcome = item instanceof JsonObject object
          ? decide(bundle, merge(defaults, object), verified, caller)
          : reject(List.of("an evaluation is a JSON object, found " + item.kind()));
      outcomes.add(outcome);
      if (semantic.stopsAt(outcome)) {
        break;
      }
    }
    return outcomes;
  }

  /**
   * Decides {@code request} with {@code bundle}, whatever revision is active, at time {@code at}: what
   * a dry run compares. Not a decision of record: no cache, no metrics, no audit record. A request
   * recorded with {@code context.subject_verified} true is replayed with its subject as verified, as
   * it was decided; a dry run decides nothing anybody acts on.
   */
  public Outcome replay(CompiledBundle bundle, Json request, Instant at) {
    Optional<VerifiedSubject> verified = recordedSubject(request);
    if (verified.isPresent()) {
      // the recorded properties are the verified claims; as request properties they would read as untrusted
      Map<String, Json> root = new LinkedHashMap<>(((JsonObject) request).members());
      Map<String, Json> subject = new LinkedHashMap<>(((JsonObject) root.get("subject")).members());
      subject.remove("properties");
      root.put("subject", new JsonObject(subject, 0, 0));
      request = new JsonObject(root, 0, 0);
    }
    return decide(bundle, request, verified, at, Optional.empty());
  }

  private static Optional<VerifiedSubject> recordedSubject(Json request) {
    if (request instanceof JsonObject root && root.members().get("context") instanceof JsonObject context
        && context.members().get(Environment.SUBJECT_VERIFIED) instanceof Json.JsonBoolean verified && verified.value()
        && root.members().get("subject") instanceof JsonObject subject
        && subject.members().get("id") instanceof Json.JsonString id) {
      JsonObject properties = subject.members().get("properties") instanceof JsonObject given ? given
          : new JsonObject(Map.of(), 0, 0);
      String agent = context.members().get(Environment.AGENT) instanceof Json.JsonString named ? named.value() : null;
      return Optional.of(new VerifiedSubject(id.value(), properties, agent));
    }
    return Optional.empty();
  }

  /** The time a decision made now sees. */
  public Instant decisionTime() {
    return policyTime(clock.instant());
  }

  private Outcome decide(CompiledBundle bundle, Json request, Optional<VerifiedSubject> verified, Caller caller) {
    return decide(bundle, request, verified, policyTime(clock.instant()), Optional.of(caller));
  }

  /** {@code ofRecord} names the caller of a decision of record; it is empty for a replay. */
  private Outcome decide(CompiledBundle bundle, Json request, Optional<VerifiedSubject> verified, Instant at,
      Optional<Caller> ofRecord) {
    if (!(request instanceof JsonObject object)) {
      return reject(List.of("a request is a JSON object with subject, action and resource, found " + request.kind()),
          ofRecord.isPresent());
    }
    long start = System.nanoTime();
    return switch (Environment.apply(object, bundle.source().schema(), at, verified, grants)) {
      case Environment.Conflict conflict -> reject(List.of(conflict.message()), ofRecord.isPresent());
      case Environment.Ready ready -> switch (RequestJson.read(ready.request(), bundle.source().schema())) {
        case RequestJson.Invalid invalid -> reject(invalid.problems(), ofRecord.isPresent());
        case RequestJson.Valid valid -> {
          if (ofRecord.isEmpty()) {
            AuthorizationResult result = bundle.evaluate(valid.request());
            yield new Decided(result, ids.next(), Duration.ZERO, CompletableFuture.completedFuture(null));
          }
          Caller caller = ofRecord.get();
          Optional<Limits.Refusal> refusal = limits.check(ready.request());
          if (refusal.isPresent()) {
            yield refused(bundle, valid.request(), ready.request(), refusal.get(), caller, start);
          }
          AuthorizationResult result = evaluate(bundle, valid.request());
          long elapsed = System.nanoTime() - start;
          decisions.get(result.decision()).increment();
          if (!result.isPermit()) {
            reportDeny(valid.request());
          }
          latency.record(elapsed, TimeUnit.NANOSECONDS);
          String id = ids.next();
          CompletionStage<Void> recorded = audit.record(new AuditedDecision(id, clock.instant(), caller.name(),
              caller.via(), valid.request(), ready.request(), result, elapsed));
          // An indeterminate answer came from an error; asking again should ask the PDP again.
          yield new Decided(result, id, result.decision() == Decision.INDETERMINATE ? Duration.ZERO : ttl, recorded);
        }
      };
    };
  }

  /**
   * A deny from the checks ahead of the policies; recorded like any decision, and not cached, as the
   * next request may fare otherwise.
   */
  private Outcome refused(CompiledBundle bundle, Request request, JsonObject requestJson, Limits.Refusal refusal,
      Caller caller, long start) {
    decisions.get(Decision.DENY).increment();
    reportDeny(request);
    AuthorizationResult result = new AuthorizationResult(Decision.DENY, List.of(), List.of(),
        List.of(new Reason(Limits.POLICY, refusal.rule(), Effect.DENY, Map.of("message", refusal.message()))), List.of(),
        bundle.revision(), Optional.empty());
    long elapsed = System.nanoTime() - start;
    latency.record(elapsed, TimeUnit.NANOSECONDS);
    String id = ids.next();
    CompletionStage<Void> recorded = audit.record(new AuditedDecision(id, clock.instant(), caller.name(), caller.via(),
        request, requestJson, result, elapsed));
    return new Decided(result, id, Duration.ZERO, recorded);
  }

  private void reportDeny(Request request) {
    detectors.denied(request.subject().uid().id(), request.action().name(), request.resource().uid().toString());
  }

  private AuthorizationResult evaluate(CompiledBundle bundle, Request request) {
    return cache.isPresent() ? cache.get().evaluate(bundle, request) : bundle.evaluate(request);
  }

  private Rejected reject(List<String> problems) {
    return reject(problems, true);
  }

  private Rejected reject(List<String> problems, boolean ofRecord) {
    if (ofRecord) {
      rejected.increment();
    }
    return new Rejected(problems);
  }

  /** The time policies see, truncated so that repeated requests within a tick share a cache entry. */
  private Instant policyTime(Instant now) {
    long granularity = timeGranularity.toMillis();
    return Instant.ofEpochMilli(now.toEpochMilli() / granularity * granularity).truncatedTo(ChronoUnit.MILLIS);
  }

  /** An item's own keys replace the defaults' wholesale, as AuthZEN batches say. */
  static JsonObject merge(JsonObject defaults, JsonObject item) {
    if (defaults.members().isEmpty()) {
      return item;
    }
    Map<String, Json> merged = new LinkedHashMap<>(defaults.members());
    merged.putAll(item.members());
    return new JsonObject(merged, item.line(), item.column());
  }
}
