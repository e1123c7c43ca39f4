package dev.arbiter.pdp.authzen;

import dev.arbiter.pdp.decision.Caller;
import dev.arbiter.pdp.decision.DecisionService;
import dev.arbiter.pdp.decision.Outcome;
import dev.arbiter.pdp.decision.VerifiedSubject;
import dev.arbiter.pdp.security.Roles;
import dev.arbiter.pdp.security.SubjectTokens;
import dev.arbiter.pdp.web.ApiError;
import dev.arbiter.pdp.web.JsonBodies;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonArray;
import dev.arbiter.policy.json.Json.JsonObject;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /access/v1/evaluation} and {@code POST /access/v1/evaluations}. */
@Path("/access/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "AuthZEN")
@RolesAllowed(Roles.PDP_CLIENT)
public class EvaluationResource {
  private final DecisionService decisions;
  private final SubjectTokens subjectTokens;
  private final int maxBatchSize;

  EvaluationResource(DecisionService decisions, SubjectTokens subjectTokens,
      @ConfigProperty(name = "arbiter.limits.batch-size", defaultValue = "256") int maxBatchSize) {
    this.decisions = decisions;
    this.subjectTokens = subjectTokens;
    this.maxBatchSize = maxBatchSize;
  }

  @POST
  @Path("/evaluation")
  @NonBlocking
  @Operation(summary = "Decide one request", description = "AuthZEN 1.0 Access Evaluation API. A deny is 200 with"
      + " `decision: false`; the explanation is in `context`.")
  public Uni<Response> evaluation(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @HeaderParam(SubjectTokens.HEADER) String subjectToken, @Context SecurityContext security, String body) {
    return read(contentType, subjectToken, body, Caller.of(security.getUserPrincipal(), Caller.REST), this::single);
  }

  @POST
  @Path("/evaluations")
  @NonBlocking
  @Operation(summary = "Decide several requests", description = "AuthZEN 1.0 Access Evaluations API: top-level"
      + " subject, action, resource and context are defaults that an item's own key replaces wholesale;"
      + " `options.evaluations_semantic` is `execute_all` (default), `deny_on_first_deny` or"
      + " `permit_on_first_permit`. Items are `{\"decision\": …}` unless `options.include_context` is true.")
  public Uni<Response> evaluations(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @HeaderParam(SubjectTokens.HEADER) String subjectToken, @Context SecurityContext security, String body) {
    return read(contentType, subjectToken, body, Caller.of(security.getUserPrincipal(), Caller.REST), this::batch);
  }

  /** Decides a parsed body for a caller. */
  private interface Decide {
    Uni<Response> apply(Json body, Optional<VerifiedSubject> subject, Caller caller);
  }

  /** The body as JSON and the verified subject, or the error that stops the request. */
  private Uni<Response> read(String contentType, String subjectToken, String body, Caller caller, Decide decide) {
    return switch (JsonBodies.read(contentType, body)) {
      case JsonBodies.Refused refused -> now(refused.error().toResponse());
      case JsonBodies.Parsed parsed -> switch (subjectTokens.verify(subjectToken)) {
        case SubjectTokens.Refused refused -> now(refused.error().toResponse());
        case SubjectTokens.Accepted accepted -> decide.apply(parsed.json(), accepted.subject(), caller);
      };
    };
  }

  private Uni<Response> single(Json request, Optional<VerifiedSubject> subject, Caller caller) {
    return answer(decisions.decide(request, subject, caller));
  }

  private Uni<Response> batch(Json request, Optional<VerifiedSubject> subject, Caller caller) {
    if (!(request instanceof JsonObject root)) {
      return now(ApiError.badRequest("a batch request is a JSON object, found " + request.kind()).toResponse());
    }
    Json items = root.members().get("evaluations");
    if (items != null && !(items instanceof JsonArray) && !(items instanceof Json.JsonNull)) {
      return now(ApiError.badRequest("`evaluations` must be an array, found " + items.kind()).toResponse());
    }
    List<Json> elements = items instanceof JsonArray array ? array.elements() : List.of();
    Map<String, Json> defaults = new LinkedHashMap<>(root.members());
    defaults.remove("evaluations");
    defaults.remove("options");
    if (elements.isEmpty()) {
      // AuthZEN: without items, the defaults are one request and the answer is a single evaluation's.
      return answer(decisions.decide(new JsonObject(defaults, root.line(), root.column()), subject, caller));
    }
    if (elements.size() > maxBatchSize) {
      return now(new ApiError(400, "batch_too_large", "a batch holds at most " + maxBatchSize + " evaluations, found "
          + elements.size()).toResponse());
    }
    return switch (BatchOptions.read(root.members().get("options"))) {
      case BatchOptions.Invalid invalid -> now(ApiError.badRequest(invalid.message()).toResponse());
      case BatchOptions.Valid options -> {
        List<Outcome> outcomes = decisions.decideAll(new JsonObject(defaults, root.line(), root.column()), elements,
            options.semantic(), subject, caller);
        yield outcomes.getFirst() instanceof Outcome.Unavailable unavailable
            ? now(ApiError.unavailable(unavailable.message()).toResponse())
            : Outcome.whenRecorded(outcomes, () -> Response.ok(DecisionJson.batch(outcomes,
                options.includeContext()), MediaType.APPLICATION_JSON_TYPE).build());
      }
    };
  }

  private static Uni<Response> answer(Outcome outcome) {
    return Outcome.whenRecorded(List.of(outcome), () -> switch (outcome) {
      case Outcome.Decided decided -> Response.ok(DecisionJson.single(decided), MediaType.APPLICATION_JSON_TYPE)
          .build();
      case Outcome.Rejected rejected -> ApiError.badRequest(rejected.message()).toResponse();
      case Outcome.Unavailable unavailable -> ApiError.unavailable(unavailable.message()).toResponse();
    });
  }

  private static Uni<Response> now(Response response) {
    return Uni.createFrom().item(response);
  }
}
