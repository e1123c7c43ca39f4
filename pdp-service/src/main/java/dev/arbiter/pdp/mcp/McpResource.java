package dev.arbiter.pdp.mcp;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.arbiter.pdp.authzen.DecisionJson;
import dev.arbiter.pdp.bundle.BundleStore;
import dev.arbiter.pdp.decision.Caller;
import dev.arbiter.pdp.decision.DecisionService;
import dev.arbiter.pdp.decision.Outcome;
import dev.arbiter.pdp.decision.VerifiedSubject;
import dev.arbiter.pdp.events.Detectors;
import dev.arbiter.pdp.security.Roles;
import dev.arbiter.pdp.security.SubjectTokens;
import dev.arbiter.pdp.web.ApiError;
import dev.arbiter.pdp.web.JsonBodies;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import dev.arbiter.policy.value.EntityUid;
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
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /v1/mcp/authorize}: body {@code {"message": <MCP JSON-RPC request>, "server":
 * <the MCP server's audience>, "token": <the caller's access token> | "claims": <its verified
 * claims>, "context": {…}}}. The answer says whether to proceed and, on a deny, which JSON-RPC
 * error to return. Reasons stay in {@code context} for the enforcement point's logs; the error
 * object, meant for the MCP client, carries only the decision id.
 */
@Path("/v1/mcp/authorize")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "MCP")
@RolesAllowed(Roles.PDP_CLIENT)
public class McpResource {
  /** JSON-RPC error code for a call the policies refuse. */
  static final int ACCESS_DENIED = -32001;

  /** JSON-RPC's own code for parameters a method cannot be authorized without. */
  static final int INVALID_PARAMS = -32602;

  private final DecisionService decisions;
  private final SubjectTokens subjectTokens;
  private final String subjectType;
  private final BundleStore store;
  private final Detectors detectors;

  McpResource(DecisionService decisions, SubjectTokens subjectTokens, BundleStore store, Detectors detectors,
      @ConfigProperty(name = "arbiter.mcp.subject-type", defaultValue = "identity") String subjectType) {
    this.decisions = decisions;
    this.subjectTokens = subjectTokens;
    this.subjectType = subjectType;
    this.store = store;
    this.detectors = detectors;
  }

  @POST
  @NonBlocking
  @Operation(summary = "Authorize one MCP message", description = "Maps the message by the COAZ-MCP default"
      + " mapping: `ping` and `notifications/*` pass through, unknown methods are denied, `tools/call` is action"
      + " `tools/call` on resource `{type: tool, id: params.name}` with `context.arguments`.")
  public Uni<Response> authorize(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @Context SecurityContext security, String body) {
    List<Outcome> decided = new ArrayList<>(1);
    Response response = switch (JsonBodies.read(contentType, body)) {
      case JsonBodies.Refused refused -> refused.error().toResponse();
      case JsonBodies.Parsed parsed -> parsed.json() instanceof JsonObject request
          ? authorize(request, Caller.of(security.getUserPrincipal(), Caller.MCP), decided)
          : ApiError.badRequest("the body is a JSON object with `message`, found " + parsed.json().kind()).toResponse();
    };
    // The answer leaves once the audit trail allows it (at once, unless it waits for room or persistence).
    return Outcome.whenRecorded(decided, () -> response);
  }

  /** The answer; a decision made on the way is added to {@code decided}. */
  private Response authorize(JsonObject request, Caller caller, List<Outcome> decided) {
    Map<String, Json> members = request.members();
    if (!(members.get("message") instanceof JsonObject message)) {
      return ApiError.badRequest("`message` must be an MCP JSON-RPC request object").toResponse();
    }
    if (!(message.members().get("method") instanceof JsonString method)) {
      return ApiError.badRequest("`message.method` must be a string: only requests and notifications are authorized")
          .toResponse();
    }
    Json params = message.members().get("params");
    if (params != null && !(params instanceof JsonObject) && !(params instanceof Json.JsonNull)) {
      return ApiError.badRequest("`message.params` must be an object, found " + params.kind()).toResponse();
    }
    Json server = members.get("server");
    if (server != null && !(server instanceof JsonString) && !(server instanceof Json.JsonNull)) {
      return ApiError.badRequest("`server` must be a string, found " + server.kind()).toResponse();
    }
    Json context = members.get("context");
    if (context != null && !(context instanceof JsonObject) && !(context instanceof Json.JsonNull)) {
      return ApiError.badRequest("`context` must be an object, found " + context.kind()).toResponse();
    }
    JsonObject parameters = params instanceof JsonObject object ? object : null;
    return switch (CoazMapping.map(method.value(), parameters, server instanceof JsonString s ? s.value() : null)) {
      case CoazMapping.PassThrough pass -> ok(json -> {
        json.writeBooleanField("decision", true);
        json.writeBooleanField("pass_through", true);
      });
      case CoazMapping.Unmapped unmapped -> {
        detectors.unknownTarget(caller.name(), "MCP method " + method.value());
        yield refused(message, ACCESS_DENIED, "Access denied: " + unmapped.reason(), null);
      }
      case CoazMapping.Invalid invalid -> refused(message, INVALID_PARAMS, "Invalid params: " + invalid.message(), null);
      case CoazMapping.Target target -> decide(request, message, method.value(), parameters, target,
          context instanceof JsonObject given ? given : null, caller, decided);
    };
  }

  private Response decide(JsonObject request, JsonObject message, String method, JsonObject params,
      CoazMapping.Target target, JsonObject givenContext, Caller caller, List<Outcome> made) {
    Json token = request.members().get("token");
    Json claims = request.members().get("claims");
    if (token != null && claims != null) {
      return ApiError.badRequest("send the access token or its verified claims, not both").toResponse();
    }
    Map<String, Json> subject = new LinkedHashMap<>();
    subject.put("type", new JsonString(subjectType, 0, 0));
    Map<String, Json> context = new LinkedHashMap<>();
    if (givenContext != null) {
      context.putAll(givenContext.members());
    }
    Optional<VerifiedSubject> verified = Optional.empty();
    if (token instanceof JsonString text) {
      switch (subjectTokens.verify(text.value())) {
        case SubjectTokens.Refused refused -> {
          return refused(message, ACCESS_DENIED, "Access denied: " + refused.error().message(), null);
        }
        case SubjectTokens.Accepted accepted -> verified = accepted.subject();
      }
      if (verified.isEmpty()) {
        return ApiError.badRequest("`token` must not be empty").toResponse();
      }
    } else if (claims instanceof JsonObject given) {
      if (!(given.members().get("sub") instanceof JsonString sub)) {
        return ApiError.badRequest("`claims.sub` must be a string: the subject of the access token").toResponse();
      }
      subject.put("id", sub);
      subject.put("properties", subjectTokens.properties(given));
      String agent = SubjectTokens.agent(given);
      if (agent != null) {
        context.put("agent", new JsonString(agent, 0, 0));
      }
    } else {
      return ApiError.badRequest("`token` (a string) or `claims` (an object) is needed: the subject of an MCP call is"
          + " the one its access token names").toResponse();
    }
    if (method.equals("tools/call")) {
      Json arguments = params.members().get("arguments");
      context.put("arguments", arguments != null ? arguments : new JsonObject(Map.of(), 0, 0));
    }
    Map<String, Json> evaluation = new LinkedHashMap<>();
    evaluation.put("subject", new JsonObject(subject, 0, 0));
    evaluation.put("action", target.action());
    evaluation.put("resource", target.resource());
    evaluation.put("context", new JsonObject(context, 0, 0));
    Outcome outcome = decisions.decide(new JsonObject(evaluation, 0, 0), verified, caller);
    made.add(outcome);
    if (outcome instanceof Outcome.Decided && !known(target)) {
      String subjectId = verified.map(VerifiedSubject::id)
          .orElseGet(() -> subject.get("id") instanceof JsonString id ? id.value() : caller.name());
      detectors.unknownTarget(subjectId, target.type() + " \"" + target.id() + "\"");
    }
    return switch (outcome) {
      case Outcome.Rejected rejected -> ApiError.badRequest(rejected.message()).toResponse();
      case Outcome.Unavailable unavailable -> ApiError.unavailable(unavailable.message()).toResponse();
      case Outcome.Decided decided -> ok(json -> {
        json.writeBooleanField("decision", decided.permitted());
        json.writeBooleanField("pass_through", false);
        json.writeObjectFieldStart("context");
        DecisionJson.explanation(json, decided);
        json.writeEndObject();
        if (!decided.permitted()) {
          error(json, message, ACCESS_DENIED, "Access denied: " + method + " on " + target.type() + " \"" + target.id()
              + "\"", decided.decisionId());
        }
      });
    };
  }

  /** Whether the active bundle's data has an entity for {@code target}. */
  private boolean known(CoazMapping.Target target) {
    EntityUid uid = new EntityUid(target.type(), target.id());
    return store.active().map(active -> active.bundle().source().data().entities().contains(uid)).orElse(true);
  }

  private static Response refused(JsonObject message, int code, String text, String decisionId) {
    return ok(json -> {
      json.writeBooleanField("decision", false);
      json.writeBooleanField("pass_through", false);
      error(json, message, code, text, decisionId);
    });
  }

  /** The JSON-RPC error response the enforcement point returns, with the request's id. */
  private static void error(JsonGenerator json, JsonObject message, int code, String text, String decisionId)
      throws IOException {
    json.writeObjectFieldStart("jsonrpc_error");
    json.writeStringField("jsonrpc", "2.0");
    json.writeFieldName("id");
    Json id = message.members().get("id");
    switch (id) {
      case JsonString s -> json.writeString(s.value());
      case Json.JsonNumber n when n.value() instanceof Long l -> json.writeNumber(l);
      case Json.JsonNumber n -> json.writeNumber((java.math.BigDecimal) n.value());
      case null, default -> json.writeNull();
    }
    json.writeObjectFieldStart("error");
    json.writeNumberField("code", code);
    json.writeStringField("message", text);
    if (decisionId != null) {
      json.writeObjectFieldStart("data");
      json.writeStringField("decision_id", decisionId);
      json.writeEndObject();
    }
    json.writeEndObject();
    json.writeEndObject();
  }

  private static Response ok(DecisionJson.Writer fields) {
    return Response.ok(DecisionJson.write(json -> {
      json.writeStartObject();
      fields.write(json);
      json.writeEndObject();
    }), MediaType.APPLICATION_JSON_TYPE).build();
  }
}
