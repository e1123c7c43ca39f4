package dev.arbiter.pdp.audit;

import dev.arbiter.policy.decision.AuthorizationResult;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.request.Request;
import java.time.Instant;
import java.util.Objects;

/**
 * A decision as it was made, unmasked, on its way to the audit writer, which masks and encodes it
 * off the request path.
 *
 * @param decisionId the id the caller is given
 * @param time when it was decided
 * @param caller the authenticated principal that asked
 * @param via the protocol: {@code rest}, {@code mcp} or {@code grpc}
 * @param request the decoded request, for its ids
 * @param requestJson the request tree as decided, PDP-owned attributes applied
 * @param result the answer
 * @param latencyNanos how long deciding took
 */
public record AuditedDecision(
    String decisionId,
    Instant time,
    String caller,
    String via,
    Request request,
    JsonObject requestJson,
    AuthorizationResult result,
    long latencyNanos) implements Pending {
  public AuditedDecision {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(via, "via");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(requestJson, "requestJson");
    Objects.requireNonNull(result, "result");
  }

  @Override
  public String describe() {
    return "decision " + decisionId;
  }
}
