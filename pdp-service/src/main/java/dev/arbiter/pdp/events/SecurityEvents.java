package dev.arbiter.pdp.events;

import dev.arbiter.audit.AuditEvent.Entity;
import dev.arbiter.audit.RecordKind;
import dev.arbiter.pdp.audit.AuditTrail;
import dev.arbiter.pdp.audit.NoteContent;
import dev.arbiter.pdp.audit.NoteMasking;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Where security events go. Publishing is cheap and never blocks: the event is logged (at ERROR for
 * levels 1–2, WARN for 3, INFO for 4), counted in {@code arbiter_security_events_total{type,severity}},
 * kept among the recent ones, noted in the audit trail, queued for the webhook, and, when severe
 * enough, opens an incident, whose every step is noted in the audit trail too.
 */
@ApplicationScoped
public class SecurityEvents {
  private static final Logger LOG = Logger.getLogger("dev.arbiter.security");
  /** An IPv4 or IPv6 address or range, as events name the address a request came from. */
  private static final Pattern ADDRESS = Pattern.compile(
      "([0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*)(/[0-9]{1,3})?");

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
  private final AuditTrail audit;
  private final String instance = Long.toHexString(System.currentTimeMillis());

  @Inject
  SecurityEvents(EventsConfig config, MeterRegistry registry, AuditTrail audit) {
    this(config, registry, audit, Clock.systemUTC());
  }

  SecurityEvents(EventsConfig config, MeterRegistry registry, AuditTrail audit, Clock clock) {
    this.clock = clock;
    this.registry = registry;
    this.audit = audit;
    this.retain = Math.max(1, config.retain());
    this.incidentLevel = level(config.incidentLevel(), "arbiter.events.incident-level");
    this.webhookLevel = level(config.webhook().level(), "arbiter.events.webhook.level");
    this.webhook = config.webhook().url().map(url -> new Webhook(url, config.webhook().timeout(),
        Math.max(1, config.webhook().queue()), registry));
    this.incidents = new Incidents(clock, retain, incident -> audit(incident, Optional.empty()));
  }

  /** Publishes an event with its type's usual severity. */
  public SecurityEvent publish(EventType type, String subject, String message, Map<String, String> details) {
    return publish(type, type.defaultSeverity(), subject, message, details);
  }

  public SecurityEvent publish(EventType type, Severity severity, String subject, String message,
      Map<String, String> details) {
    return publish(type, severity, subject, message, details, Optional.empty());
  }

  /**
   * Publishes an event whose details the audit trail must mask in a way only the publisher knows:
   * {@code auditedDetails} gives them as the trail keeps them (see {@link NoteMasking}). Without it,
   * details that look like addresses are masked as {@code context.ip} is.
   */
  public SecurityEvent publish(EventType type, String subject, String message, Map<String, String> details,
      Function<NoteMasking, Map<String, String>> auditedDetails) {
    return publish(type, type.defaultSeverity(), subject, message, details, Optional.of(auditedDetails));
  }

  private SecurityEvent publish(EventType type, Severity severity, String subject, String message,
      Map<String, String> details, Optional<Function<NoteMasking, Map<String, String>>> auditedDetails) {
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
    audit(event, auditedDetails);
    if (severity.atLeast(webhookLevel)) {
      webhook.ifPresent(hook -> hook.send(toJson(event)));
    }
    if (severity.atLeast(incidentLevel)) {
      Incident opened = incidents.open(event);
      audit(opened, Optional.of(new Opening(event, auditedDetails)));
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

  /**
   * Notes an event in the audit trail. An address it names (its subject, a detail) is what requests
   * carry in {@code context.ip}, and a blocklisted agent what they carry in {@code context.agent}:
   * each is masked when that is, and the message is scrubbed of what was.
   */
  private void audit(SecurityEvent event, Optional<Function<NoteMasking, Map<String, String>>> auditedDetails) {
    audit.note(RecordKind.SECURITY_EVENT, mask -> {
      Masked masked = masked(event, auditedDetails, mask);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("severity", (long) event.severity().level());
      fields.put("message", mask.text(event.message()));
      fields.put("details", masked.details());
      return new NoteContent(AuditTrail.SERVICE, event.type().code(), Optional.of(masked.subject()),
          Optional.of(new Entity("security_event", event.id())), fields);
    });
  }

  /**
   * Notes an incident's latest step in the audit trail. The opening step names the event's subject
   * and repeats its summary, masked as the event's record is.
   */
  private void audit(Incident incident, Optional<Opening> opening) {
    Incident.Step step = incident.steps().getLast();
    audit.note(RecordKind.INCIDENT, mask -> {
      Optional<Entity> subject = opening.map(open -> masked(open.event(), open.auditedDetails(), mask).subject());
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("state", incident.state().name().toLowerCase(Locale.ROOT));
      fields.put("severity", (long) incident.severity().level());
      fields.put("event", incident.eventId());
      if (opening.isPresent()) {
        fields.put("summary", mask.text(incident.summary()));
      }
      incident.assignee().ifPresent(assignee -> fields.put("assignee", assignee));
      fields.put("text", mask.text(step.text()));
      return new NoteContent(step.author(), step.action(), subject, Optional.of(new Entity("incident", incident.id())),
          fields);
    });
  }

  /** The event that opened an incident, and how its details are masked. */
  private record Opening(SecurityEvent event, Optional<Function<NoteMasking, Map<String, String>>> auditedDetails) {}

  /** An event's subject and details as the trail keeps them. */
  private record Masked(Entity subject, Map<String, String> details) {}

  /**
   * Whom an event is about, an address (masked as {@code context.ip} is) or a name (a subject, a
   * caller, a bundle), and its details masked alike, or as its publisher says; {@code mask}
   * remembers what it masked, for the texts that may repeat it.
   */
  private static Masked masked(SecurityEvent event, Optional<Function<NoteMasking, Map<String, String>>> audited,
      NoteMasking mask) {
    Entity subject = ADDRESS.matcher(event.subject()).matches()
        ? new Entity("address", mask.attribute("context.ip", event.subject()))
        : new Entity("name", event.subject());
    Map<String, String> details = new TreeMap<>();
    if (audited.isPresent()) {
      details.putAll(audited.get().apply(mask));
      details.replaceAll((name, value) -> mask.text(value));
      return new Masked(subject, details);
    }
    event.details().forEach((name, value) -> details.put(name,
        event.type() == EventType.BLOCKLIST_HIT && name.equals("entry") && "agent".equals(event.details().get("kind"))
            ? mask.attribute("context.agent", value)
            : ADDRESS.matcher(value).matches() ? mask.attribute("context.ip", value) : value));
    details.replaceAll((name, value) -> mask.text(value));
    return new Masked(subject, details);
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
      for (Map.Entry<String, String> detail : new TreeMap<>(event.details()).entrySet()) {
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
