package dev.arbiter.pdp.events;

import dev.arbiter.pdp.authzen.DecisionJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Where security events go. Publishing is cheap and never blocks: the event is logged (at ERROR for
 * levels 1–2, WARN for 3, INFO for 4), counted in {@code arbiter_security_events_total{type,severity}},
 * kept among the recent ones, queued for the webhook, and, when severe enough, opens an incident.
 */
@ApplicationScoped
public class SecurityEvents {
  private static final Logger LOG = Logger.getLogger("dev.arbiter.security");

  private final Clock clock;
  private final int retain;
  private final Severity incidentLevel;
  private final Optional<Webhook> webhook;
  private final Severity webhookLevel;
  private final Incidents incidents;
  private final ArrayDeque<SecurityEvent> recent = new ArrayDeque<>();
  private final AtomicLong sequence = new AtomicLong();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final MeterRegistry registry;
  private final String instance = Long.toHexString(System.currentTimeMillis());

  @Inject
  SecurityEvents(EventsConfig config, MeterRegistry registry) {
    this(config, registry, Clock.systemUTC());
  }

  SecurityEvents(EventsConfig config, MeterRegistry registry, Clock clock) {
    this.clock = clock;
    this.registry = registry;
    this.retain = Math.max(1, config.retain());
    this.incidentLevel = level(config.incidentLevel(), "arbiter.events.incident-level");
    this.webhookLevel = level(config.webhook().level(), "arbiter.events.webhook.level");
    this.webhook = config.webhook().url().map(url -> new Webhook(url, config.webhook().timeout(),
        Math.max(1, config.webhook().queue()), registry));
    this.incidents = new Incidents(clock, retain);
  }

  /** Publishes an event with its type's usual severity. */
  public SecurityEvent publish(EventType type, String subject, String message, Map<String, String> details) {
    return publish(type, type.defaultSeverity(), subject, message, details);
  }

  public SecurityEvent publish(EventType type, Severity severity, String subject, String message,
      Map<String, String> details) {
    SecurityEvent event = new SecurityEvent("evt-" + instance + "-" + sequence.incrementAndGet(), clock.instant(), type,
        severity, subject, message, details);
    synchronized (recent) {
      recent.addFirst(event);
      while (recent.size() > retain) {
        recent.removeLast();
      }
    }
    counters.computeIfAbsent(type.code() + '/' + severity.level(), key -> Counter.builder("arbiter.security.events")
        .tag("type", type.code()).tag("severity", Integer.toString(severity.level()))
        .description("Security events by type and severity (1 critical … 4 low)").register(registry)).increment();
    String line = "security event " + event.id() + " severity " + severity.level() + " " + type.code() + " subject="
        + subject + ": " + message + (details.isEmpty() ? "" : " " + details);
    switch (severity) {
      case CRITICAL, HIGH -> LOG.error(line);
      case MEDIUM -> LOG.warn(line);
      case LOW -> LOG.info(line);
    }
    if (severity.atLeast(webhookLevel)) {
      webhook.ifPresent(hook -> hook.send(toJson(event)));
    }
    if (severity.atLeast(incidentLevel)) {
      incidents.open(event);
    }
    return event;
  }

  /** Recent events, newest first, that pass the filter; at most {@code limit} after skipping {@code offset}. */
  public List<SecurityEvent> recent(Predicate<SecurityEvent> filter, int offset, int limit) {
    List<SecurityEvent> copy;
    synchronized (recent) {
      copy = new ArrayList<>(recent);
    }
    return copy.stream().filter(filter).skip(offset).limit(limit).toList();
  }

  Incidents incidents() {
    return incidents;
  }

  static String toJson(SecurityEvent event) {
    return DecisionJson.write(json -> {
      json.writeStartObject();
      json.writeStringField("id", event.id());
      json.writeStringField("time", event.time().toString());
      json.writeStringField("type", event.type().code());
      json.writeNumberField("severity", event.severity().level());
      json.writeStringField("subject", event.subject());
      json.writeStringField("message", event.message());
      json.writeObjectFieldStart("details");
      for (Map.Entry<String, String> detail : new java.util.TreeMap<>(event.details()).entrySet()) {
        json.writeStringField(detail.getKey(), detail.getValue());
      }
      json.writeEndObject();
      json.writeEndObject();
    });
  }

  void stop(@Observes ShutdownEvent event) {
    webhook.ifPresent(Webhook::close);
  }

  private static Severity level(int level, String setting) {
    return Severity.ofLevel(level).orElseThrow(() -> new IllegalArgumentException(
        setting + " must be 1 (critical) to 4 (low), found " + level));
  }
}
