package dev.arbiter.pdp.audit;

import dev.arbiter.audit.AuditEvent;
import dev.arbiter.policy.decision.AuthorizationResult;
import dev.arbiter.policy.decision.Obligation;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonArray;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import dev.arbiter.policy.json.JsonValues;
import dev.arbiter.policy.request.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a decision into its audit record, masked. Runs on the audit writer, off the request path. */
final class AuditRecords {
  private AuditRecords() {}

  static AuditEvent event(AuditedDecision decision, Masking masking) {
    Masking.Masked masked = masking.mask(decision.requestJson());
    AuthorizationResult result = decision.result();
    Request request = decision.request();
    List<AuditEvent.Reason> reasons = result.reasons().stream()
        .map(reason -> new AuditEvent.Reason(reason.policyId(), reason.ruleId(), reason.effect().keyword(),
            reason.annotations()))
        .toList();
    List<Json> obligations = new ArrayList<>();
    for (Obligation obligation : result.obligations()) {
      Map<String, Json> fields = new LinkedHashMap<>();
      fields.put("name", new JsonString(obligation.name(), 0, 0));
      fields.put("arguments", masked.scrub(JsonValues.toJson(obligation.arguments())));
      obligations.add(new JsonObject(fields, 0, 0));
    }
    List<String> errors = result.problems().stream().map(problem -> masked.scrub(problem.toString())).toList();
    return new AuditEvent(decision.decisionId(), decision.time(), decision.caller(), decision.via(),
        new AuditEvent.Entity(request.subject().uid().type(), request.subject().uid().id()), request.action().name(),
        new AuditEvent.Entity(request.resource().uid().type(), request.resource().uid().id()),
        result.decision().keyword(), reasons, new JsonArray(obligations, 0, 0), errors, result.revision(),
        decision.latencyNanos(), masked.request(), masked.paths());
  }
}
