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
    String revision) {

  public AuditColumns {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(subjectType, "subjectType");
    Objects.requireNonNull(subjectId, "subjectId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(revision, "revision");
  }

  /** The columns a record's members give, or empty when one is missing or of the wrong kind. */
  public static Optional<AuditColumns> of(JsonObject record) {
    Map<String, Json> members = record.members();
    if (!(members.get(AuditChain.SEQ) instanceof JsonNumber seq) || !(seq.value() instanceof Long number)
        || !(members.get("subject") instanceof JsonObject subject)
        || !(members.get("resource") instanceof JsonObject resource)) {
      return Optional.empty();
    }
    String time = text(members, "time");
    String[] values = {time, text(members, "decision_id"), text(members, "caller"), text(subject.members(), "type"),
        text(subject.members(), "id"), text(members, "action"), text(resource.members(), "type"),
        text(resource.members(), "id"), text(members, "decision"), text(members, "revision")};
    for (String value : values) {
      if (value == null) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(new AuditColumns(number, values[1], Instant.from(AuditEvent.TIME.parse(time)), values[2],
          values[3], values[4], values[5], values[6], values[7], values[8], values[9]));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Column name to value, in the table's order. */
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
    return columns;
  }

  private static String text(Map<String, Json> members, String name) {
    return members.get(name) instanceof JsonString string ? string.value() : null;
  }
}
