package dev.arbiter.pdp.admin;

import dev.arbiter.pdp.decision.DecisionService;
import dev.arbiter.pdp.decision.Outcome;
import dev.arbiter.policy.compile.CompiledBundle;
import dev.arbiter.policy.decision.AuthorizationResult;
import dev.arbiter.policy.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A set of requests replayed against the active revision and a candidate, at one and the same time,
 * keeping those whose answer would change: another outcome (permit, deny, not applicable,
 * indeterminate, or refused as invalid) or other obligations.
 */
record DryRun(int replayed, List<Difference> differences) {
  /** Request number {@code index} (0-based, in replay order) and its two answers. */
  record Difference(int index, Json request, Outcome active, Outcome candidate) {}

  static DryRun replay(DecisionService decisions, CompiledBundle active, CompiledBundle candidate, List<Json> requests) {
    Instant at = decisions.decisionTime();
    List<Difference> differences = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      Json request = requests.get(i);
      Outcome before = decisions.replay(active, request, at);
      Outcome after = decisions.replay(candidate, request, at);
      if (!comparable(before).equals(comparable(after))) {
        differences.add(new Difference(i, request, before, after));
      }
    }
    return new DryRun(requests.size(), differences);
  }

  /** What an enforcement point acts on: the outcome, and with a decision its obligations. */
  private static Object comparable(Outcome outcome) {
    return switch (outcome) {
      case Outcome.Decided decided -> {
        AuthorizationResult result = decided.result();
        yield List.of(result.decision(), result.obligations());
      }
      case Outcome.Rejected rejected -> List.of("invalid", rejected.message());
      case Outcome.Unavailable unavailable -> List.of("unavailable");
    };
  }

  /** A short name for the request in a report: {@code subject type/id, action, resource type/id}. */
  static String describe(Json request) {
    if (!(request instanceof Json.JsonObject object)) {
      return "not an object";
    }
    return entity(object, "subject") + " " + field(object, "action", "name").orElse("?") + " "
        + entity(object, "resource");
  }

  private static String entity(Json.JsonObject request, String member) {
    return field(request, member, "type").orElse("?") + "/" + field(request, member, "id").orElse("?");
  }

  private static Optional<String> field(Json.JsonObject request, String member, String field) {
    return request.members().get(member) instanceof Json.JsonObject entity
        && entity.members().get(field) instanceof Json.JsonString text ? Optional.of(text.value()) : Optional.empty();
  }
}
