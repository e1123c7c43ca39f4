package dev.arbiter.audit;

import static dev.arbiter.audit.AuditEvent.text;

import dev.arbiter.audit.AuditEvent.Entity;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonNumber;
import dev.arbiter.policy.json.Json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A record of something other than a decision, before it takes its place in a chain: a grant
 * change, a blocklist change, an incident's step, a security event. It is hashed and chained like a
 * decision record. Every value here is already masked.
 *
 * @param kind what it is about; never {@link RecordKind#DECISION}
 * @param id unique across replicas and restarts, as decision ids are
 * @param time when it happened; kept to the microsecond
 * @param caller who did it: the authenticated principal, or {@code arbiter} for the service itself
 * @param action what happened: {@code issued}, {@code revoked}, {@code expired}; {@code added},
 *     {@code removed}; {@code opened}, {@code assigned}, {@code step}, {@code resolved}; a security
 *     event's type
 * @param subject whom or what it concerns (a session, a blocklisted subject or network, the
 *     subject of an event), if anyone
 * @param resource the thing it changed or reports (a grant, an incident, an event), if any
 * @param details what else the kind records
 * @param masked the request attribute paths whose masking applied to values of this record
 */
public record AuditNote(
    RecordKind kind,
    String id,
    Instant time,
    String caller,
    String action,
    Optional<Entity> subject,
    Optional<Entity> resource,
    JsonObject details,
    List<String> masked) {

  public AuditNote {
    if (kind == RecordKind.DECISION) {
      throw new IllegalArgumentException("a decision is recorded as an AuditEvent");
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    time = time.truncatedTo(ChronoUnit.MICROS);
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(details, "details");
    masked = List.copyOf(masked);
  }

  /** The record's members, without {@code seq} and {@code hash}, which the chain adds. */
  public JsonObject toJson() {
    Map<String, Json> members = new LinkedHashMap<>();
    members.put("v", new JsonNumber(AuditEvent.VERSION, 0, 0));
    members.put(RecordKind.MEMBER, text(kind.code()));
    members.put("id", text(id));
    members.put("time", text(AuditEvent.TIME.format(time)));
    members.put("caller", text(caller));
    members.put("action", text(action));
    subject.ifPresent(entity -> members.put("subject", entity.toJson()));
    resource.ifPresent(entity -> members.put("resource", entity.toJson()));
    members.put("details", details);
    members.put("masked", AuditEvent.strings(masked));
    return new JsonObject(members, 0, 0);
  }
}
