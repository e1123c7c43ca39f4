package dev.arbiter.pdp.limits;

import dev.arbiter.pdp.events.BurstDetector;
import dev.arbiter.pdp.events.EventType;
import dev.arbiter.pdp.events.SecurityEvents;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import dev.arbiter.policy.json.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The checks ahead of the policies: the blocklist first, then every rate limit that counts the
 * request's action. A refusal names what refused it, so the deny carries a reason of its own.
 */
@Singleton
public class Limits {
  private static final Logger LOG = Logger.getLogger(Limits.class);

  /** The policy id that refusals from these checks carry in their reasons. */
  public static final String POLICY = "arbiter";

  private final Blocklist blocklist = new Blocklist();
  private final List<RateLimiter> limiters;
  private final SecurityEvents events;
  private final Counter blocked;
  private final Counter limited;
  private final BurstDetector hitsReported;

  /** Why a request is refused before the policies see it: {@code rule} is the reason's rule id. */
  public record Refusal(String rule, String message) {}

  @Inject
  Limits(LimitsConfig.BlocklistConfig blocklistConfig, LimitsConfig.RateLimitsConfig rateLimits,
      SecurityEvents events, MeterRegistry registry) {
    this(blocklistConfig, rateLimits, events, registry, Clock.systemUTC());
  }

  Limits(LimitsConfig.BlocklistConfig blocklistConfig, LimitsConfig.RateLimitsConfig rateLimits,
      SecurityEvents events, MeterRegistry registry, Clock clock) {
    this.events = events;
    this.hitsReported = new BurstDetector(1, Duration.ofMinutes(1), 100_000, clock);
    blocklistConfig.subjects().orElse(List.of()).forEach(value -> blocklist.add(Blocklist.Kind.SUBJECT, value));
    blocklistConfig.agents().orElse(List.of()).forEach(value -> blocklist.add(Blocklist.Kind.AGENT, value));
    for (String network : blocklistConfig.networks().orElse(List.of())) {
      blocklist.add(Blocklist.Kind.NETWORK, network).ifPresent(problem -> {
        throw new IllegalArgumentException("arbiter.blocklist.networks: " + problem);
      });
    }
    List<RateLimiter> configured = new ArrayList<>();
    rateLimits.limits().forEach((name, limit) -> {
      RateLimiter.KeyKind key = RateLimiter.KeyKind.parse(limit.key()).orElseThrow(() -> new IllegalArgumentException(
          "arbiter.rate-limits." + name + ".key must be subject, tool, tenant or subject-tool, found " + limit.key()));
      if (limit.perMinute().isEmpty() && limit.perHour().isEmpty()) {
        throw new IllegalArgumentException("arbiter.rate-limits." + name + " needs per-minute or per-hour");
      }
      if (limit.perMinute().orElse(1) < 1 || limit.perHour().orElse(1) < 1) {
        throw new IllegalArgumentException("arbiter.rate-limits." + name + ": rates are at least 1");
      }
      configured.add(new RateLimiter(name, limit.action(), key, limit.perMinute(), limit.perHour(), clock));
    });
    this.limiters = List.copyOf(configured);
    this.blocked = Counter.builder("arbiter.requests.blocked").description("Requests denied by the blocklist")
        .register(registry);
    this.limited = Counter.builder("arbiter.requests.rate.limited")
        .description("Requests denied because a rate limit was used up").register(registry);
  }

  /** The refusal of a request (in its final shape, the PDP's own attributes applied), if any. */
  public Optional<Refusal> check(JsonObject request) {
    String subject = text(request, "subject", "id").orElse(null);
    Optional<String> agent = text(request, "context", "agent");
    Optional<String> ip = text(request, "context", "ip");
    Optional<Blocklist.Entry> hit = blocklist.match(subject, agent, ip);
    if (hit.isPresent()) {
      blocked.increment();
      String kind = hit.get().kind().name().toLowerCase(Locale.ROOT);
      String who = subject == null ? "unknown" : subject;
      if (hitsReported.record(who + " " + hit.get().value())) { // one event a minute per subject and entry, not one per call
        events.publish(EventType.BLOCKLIST_HIT, who, "blocklisted " + kind + " " + hit.get().value(),
            Map.of("kind", kind, "entry", hit.get().value()));
      }
      return Optional.of(new Refusal("blocklist", "the " + kind + " is blocklisted"));
    }
    Optional<String> action = text(request, "action", "name");
    for (RateLimiter limiter : limiters) {
      if (action.isEmpty() || !limiter.action().equals(action.get())) {
        continue;
      }
      Optional<String> key = key(limiter.key(), request);
      if (key.isPresent() && !limiter.tryAcquire(key.get())) {
        limited.increment();
        LOG.debugf("rate limit %s used up for %s", limiter.name(), key.get());
        return Optional.of(new Refusal("rate-limit:" + limiter.name(), "rate limit " + limiter.name()
            + " is used up for " + key.get()));
      }
    }
    return Optional.empty();
  }

  Blocklist blocklist() {
    return blocklist;
  }

  private static Optional<String> key(RateLimiter.KeyKind kind, JsonObject request) {
    Optional<String> subject = text(request, "subject", "id");
    Optional<String> tool = text(request, "resource", "id");
    return switch (kind) {
      case SUBJECT -> subject;
      case TOOL -> tool;
      case TENANT -> request.members().get("subject") instanceof JsonObject s
          && s.members().get("properties") instanceof JsonObject p && p.members().get("tenant") instanceof JsonString t
          ? Optional.of(t.value()) : Optional.of("(no tenant)");
      case SUBJECT_TOOL -> subject.flatMap(s -> tool.map(t -> s + " " + t));
    };
  }

  private static Optional<String> text(JsonObject request, String object, String field) {
    Json member = request.members().get(object);
    return member instanceof JsonObject inner && inner.members().get(field) instanceof JsonString value
        ? Optional.of(value.value()) : Optional.empty();
  }
}
