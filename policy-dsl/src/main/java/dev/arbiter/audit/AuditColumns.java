package dev.arbiter.audit;

import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonNumber;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The fields of a record that stores index and filter on, in the order and under the names of the
 * database table's columns. A database row repeats them beside the record's text; {@code audit
 * verify} checks that they still say what the hashed record says.
 *
 * <p>A decision has every column ({@link #of} makes sure). Another kind of record ({@link
 * AuditNote}) keeps its id in {@code decisionId}, and has no {@code decision} or {@code revision};
 * its subject and resource are there when it names them. Absent columns are null.
 */
public record AuditColumns(
    long seq,
    String decisionId,
    Instant time,
    String caller,
    String subjectType,
    String subjectId,
    String action,
    String resourceType,
    String resourceId,
    String decision,
    String revision,
    RecordKind kind) {

  public AuditColumns {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(kind, "kind");
  }

  /** The columns a record's members give, or empty when one is missing or of the wrong kind. */
  public static Optional<AuditColumns> of(JsonObject record) {
    Map<String, Json> members = record.members();
    if (!(members.get(AuditChain.SEQ) instanceof JsonNumber seq) || !(seq.value() instanceof Long number)) {
      return Optional.empty();
    }
    Optional<RecordKind> kind = kind(record);
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    Optional<Instant> time = time(text(members, "time"));
    String caller = text(members, "caller");
    String action = text(members, "action");
    if (time.isEmpty() || caller == null || action == null) {
      return Optional.empty();
    }
    if (kind.get() == RecordKind.DECISION) {
      if (!(members.get("subject") instanceof JsonObject subject)
          || !(members.get("resource") instanceof JsonObject resource)) {
        return Optional.empty();
      }
      String[] values = {text(members, "decision_id"), text(subject.members(), "type"), text(subject.members(), "id"),
          text(resource.members(), "type"), text(resource.members(), "id"), text(members, "decision"),
          text(members, "revision")};
      for (String value : values) {
        if (value == null) {
          return Optional.empty();
        }
      }
      return Optional.of(new AuditColumns(number, values[0], time.get(), caller, values[1], values[2], action,
          values[3], values[4], values[5], values[6], RecordKind.DECISION));
    }
    String id = text(members, "id");
    Optional<String[]> subject = entity(members.get("subject"));
    Optional<String[]> resource = entity(members.get("resource"));
    if (id == null || subject.isEmpty() || resource.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new AuditColumns(number, id, time.get(), caller, subject.get()[0], subject.get()[1], action,
        resource.get()[0], resource.get()[1], null, null, kind.get()));
  }

  /**
   * The kind a record names in {@code kind}; a decision when it names none, as every record before
   * there were kinds. Empty for a {@code kind} that is not a string naming a known kind.
   */
  public static Optional<RecordKind> kind(JsonObject record) {
    Json kind = record.members().get(RecordKind.MEMBER);
    if (kind == null) {
      return Optional.of(RecordKind.DECISION);
    }
    return kind instanceof JsonString code ? RecordKind.ofCode(code.value()) : Optional.empty();
  }

  /** Column name to value, in the table's order; an absent column's value is null. */
  public Map<String, Object> byName() {
    Map<String, Object> columns = new LinkedHashMap<>();
    columns.put("seq", seq);
    columns.put("decision_id", decisionId);
    columns.put("decided_at", time);
    columns.put("caller", caller);
    columns.put("subject_type", subjectType);
    columns.put("subject_id", subjectId);
    columns.put("action", action);
    columns.put("resource_type", resourceType);
    columns.put("resource_id", resourceId);
    columns.put("decision", decision);
    columns.put("revision", revision);
    columns.put("kind", kind.code());
    return columns;
  }

  /** An optional {@code {"type", "id"}} member: {@code [null, null]} when absent, empty when malformed. */
  private static Optional<String[]> entity(Json member) {
    if (member == null) {
      return Optional.of(new String[2]);
    }
    if (member instanceof JsonObject entity) {
      String type = text(entity.members(), "type");
      String id = text(entity.members(), "id");
      if (type != null && id != null) {
        return Optional.of(new String[] {type, id});
      }
    }
    return Optional.empty();
  }

  private static Optional<Instant> time(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.from(AuditEvent.TIME.parse(text)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String text(Map<String, Json> members, String name) {
    return members.get(name) instanceof JsonString string ? string.value() : null;
  }
}
