package dev.arbiter.audit;

import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonArray;
import dev.arbiter.policy.json.Json.JsonNumber;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One decision as the audit trail keeps it, before it takes its place in a chain. Every value here
 * is already masked: nothing sensitive may reach this record in clear.
 *
 * @param decisionId the id the caller was given
 * @param time when it was decided; kept to the microsecond
 * @param caller the authenticated principal that asked
 * @param via the protocol it asked by: {@code rest}, {@code mcp} or {@code grpc}
 * @param subject the subject's type and id
 * @param action the action's name
 * @param resource the resource's type and id
 * @param decision {@code permit}, {@code deny}, {@code not_applicable} or {@code indeterminate}
 * @param reasons the rules that decided
 * @param obligations the obligations that came with it, as the caller saw them (masked)
 * @param errors errors met while evaluating (masked)
 * @param revision the bundle revision that decided
 * @param latencyNanos how long deciding took
 * @param request the request as decided, PDP-owned attributes included, sensitive ones masked
 * @param masked the paths of the request that were masked, for the reader of the record
 */
public record AuditEvent(
    String decisionId,
    Instant time,
    String caller,
    String via,
    Entity subject,
    String action,
    Entity resource,
    String decision,
    List<Reason> reasons,
    Json obligations,
    List<String> errors,
    String revision,
    long latencyNanos,
    JsonObject request,
    List<String> masked) {

  /** Decision times in records: UTC, always six fraction digits, so text order is time order. */
  public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
      .withZone(ZoneOffset.UTC);

  /** The format version a record carries in {@code v}. */
  public static final long VERSION = 1;

  public AuditEvent {
    Objects.requireNonNull(decisionId, "decisionId");
    time = time.truncatedTo(ChronoUnit.MICROS);
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(via, "via");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(decision, "decision");
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(obligations, "obligations");
    errors = List.copyOf(errors);
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(request, "request");
    masked = List.copyOf(masked);
  }

  /** A subject or resource. */
  public record Entity(String type, String id) {
    public Entity {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(id, "id");
    }

    JsonObject toJson() {
      Map<String, Json> fields = new LinkedHashMap<>();
      fields.put("type", text(type));
      fields.put("id", text(id));
      return new JsonObject(fields, 0, 0);
    }
  }

  /** A rule that decided: {@code policy/rule}, what it said, and its annotations ({@code severity}, …). */
  public record Reason(String policy, String rule, String effect, Map<String, String> annotations) {
    public Reason {
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(effect, "effect");
      annotations = Map.copyOf(annotations);
    }
  }

  /** The record's members, without {@code seq} and {@code hash}, which the chain adds. */
  public JsonObject toJson() {
    Map<String, Json> members = new LinkedHashMap<>();
    members.put("v", new JsonNumber(VERSION, 0, 0));
    members.put("decision_id", text(decisionId));
    members.put("time", text(TIME.format(time)));
    members.put("caller", text(caller));
    members.put("via", text(via));
    members.put("subject", subject.toJson());
    members.put("action", text(action));
    members.put("resource", resource.toJson());
    members.put("decision", text(decision));
    List<Json> reasonList = new ArrayList<>();
    for (Reason reason : reasons) {
      Map<String, Json> fields = new LinkedHashMap<>();
      fields.put("policy", text(reason.policy()));
      fields.put("rule", text(reason.rule()));
      fields.put("effect", text(reason.effect()));
      Map<String, Json> annotations = new LinkedHashMap<>();
      reason.annotations().forEach((name, value) -> annotations.put(name, text(value)));
      fields.put("annotations", new JsonObject(annotations, 0, 0));
      reasonList.add(new JsonObject(fields, 0, 0));
    }
    members.put("reasons", new JsonArray(reasonList, 0, 0));
    members.put("obligations", obligations);
    members.put("errors", strings(errors));
    members.put("revision", text(revision));
    members.put("latency_ns", new JsonNumber(latencyNanos, 0, 0));
    members.put("request", request);
    members.put("masked", strings(masked));
    return new JsonObject(members, 0, 0);
  }

  static JsonArray strings(List<String> values) {
    return new JsonArray(values.stream().map(AuditEvent::text).map(Json.class::cast).toList(), 0, 0);
  }

  static JsonString text(String value) {
    return new JsonString(value, 0, 0);
  }
}
