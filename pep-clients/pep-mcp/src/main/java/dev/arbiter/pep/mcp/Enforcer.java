package dev.arbiter.pep.mcp;

import dev.arbiter.pep.AccessRequest;
import dev.arbiter.pep.Action;
import dev.arbiter.pep.Decision;
import dev.arbiter.pep.DenyReason;
import dev.arbiter.pep.Obligation;
import dev.arbiter.pep.PdpClient;
import dev.arbiter.pep.Resource;
import dev.arbiter.pep.Subject;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides every MCP message that reaches a protected server, from the gate in front of the
 * server's request handlers ({@link GatedHandlers}) and, for {@code initialize}, from the session
 * factory ({@link GatedTransport}). Thread-safe; fails closed (no verified caller, an unmapped
 * method, an unreachable PDP: refused).
 */
final class Enforcer {
  /** The listings, and the type of the items each one shows. */
  static final Map<String, String> LISTINGS = Map.of("tools/list", "tool", "resources/list", "resource",
      "prompts/list", "prompt");

  private final PdpClient pdp;
  private final String server;
  private final String subjectType;
  private final boolean stealth;
  private final boolean forwardSubjectToken;
  private final Map<String, DeclaredMapping> declaredMappings;

  Enforcer(PdpClient pdp, String server, String subjectType, boolean stealth, boolean forwardSubjectToken,
      Map<String, DeclaredMapping> declaredMappings) {
    this.pdp = pdp;
    this.server = server;
    this.subjectType = subjectType;
    this.stealth = stealth;
    this.forwardSubjectToken = forwardSubjectToken;
    this.declaredMappings = Map.copyOf(declaredMappings);
  }

  /** The answer for one message. */
  sealed interface Verdict permits Allowed, Refused {}

  /** The answer for a listing. */
  sealed interface Listing permits Refused, Visible {}

  /** Go ahead; carry out these obligations on the result. */
  record Allowed(List<Obligation> obligations) implements Verdict {}

  /** Answer with this error instead. */
  record Refused(McpError error) implements Verdict, Listing {}

  /** The listing may show these ids of its kind only. */
  record Visible(Set<String> ids) implements Listing {}

  /**
   * Authorizes a message by COAZ-MCP's default mapping: {@code ping} passes, unknown methods are
   * refused, {@code tools/call} goes with its arguments (and by the tool's declared mapping if it
   * has one), everything else on the resource the mapping names. Listings are decided by {@link
   * #listing}, once their items are known.
   */
  Verdict message(McpTransportContext transport, String method, Object params) {
    Map<String, Object> parameters = params instanceof Map<?, ?> map ? stringKeys(map) : null;
    return switch (CoazMapping.map(method, parameters, server)) {
      case CoazMapping.PassThrough pass -> new Allowed(List.of());
      case CoazMapping.Unmapped unmapped -> new Refused(McpErrors.denied(unmapped.reason(), null));
      case CoazMapping.Invalid invalid -> new Refused(McpErrors.invalidParams(invalid.message()));
      case CoazMapping.Target target -> {
        Caller caller = caller(transport);
        if (caller == null) {
          yield unverified();
        }
        if (method.equals("tools/call")) {
          Object arguments = parameters.get("arguments");
          if (arguments != null && !(arguments instanceof Map<?, ?>)) {
            yield new Refused(McpErrors.invalidParams("tools/call needs `params.arguments` as an object"));
          }
          yield callTool(caller, target.id(), arguments == null ? Map.of() : stringKeys((Map<?, ?>) arguments));
        }
        yield decide(caller, List.of(request(caller, target.action(), target.type(), target.id(), caller.context())),
            target.type(), target.id());
      }
    };
  }

  /** Authorizes {@code initialize} for the caller the HTTP request was verified as, if any. */
  Verdict initialize(VerifiedToken caller) {
    McpTransportContext context = caller == null ? McpTransportContext.EMPTY
        : McpTransportContext.create(Map.of(VerifiedToken.CONTEXT_KEY, caller));
    return message(context, "initialize", null);
  }

  private Verdict callTool(Caller caller, String tool, Map<String, Object> arguments) {
    Map<String, Object> context = caller.context();
    context.put("arguments", arguments);
    DeclaredMapping declared = declaredMappings.get(tool);
    if (declared == null) {
      return decide(caller, List.of(request(caller, "tools/call", "tool", tool, context)), "tool", tool);
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("name", tool);
    params.put("arguments", arguments);
    return switch (declared.map(params, caller.token().claims(), caller.token().subject())) {
      case DeclaredMapping.Failed failed -> new Refused(McpErrors.invalidParams(failed.message()));
      case DeclaredMapping.Mapped mapped -> {
        List<AccessRequest> requests = new ArrayList<>();
        for (DeclaredMapping.Evaluation evaluation : mapped.evaluations()) {
          requests.add(declared(caller, evaluation, context));
        }
        yield decide(caller, requests, "tool", tool);
      }
    };
  }

  /**
   * Authorizes a listing of {@code ids} with one batch: the listing itself on the server
   * (COAZ-MCP's mapping), and each item under the same action, which the policies answer with
   * whether the caller may see it.
   *
   * @param method one of {@link #LISTINGS}
   * @param ids the ids the server would list, of the listing's type
   */
  Listing listing(McpTransportContext transport, String method, List<String> ids) {
    Caller caller = caller(transport);
    if (caller == null) {
      return unverified();
    }
    String type = LISTINGS.get(method);
    List<AccessRequest> requests = new ArrayList<>(ids.size() + 1);
    requests.add(request(caller, method, "mcp_server", server, caller.context()));
    for (String id : ids) {
      requests.add(request(caller, method, type, id, caller.context()));
    }
    List<Decision> decisions = pdp.evaluateAll(requests);
    if (!decisions.getFirst().permitted()) {
      return new Refused(denial(decisions.getFirst(), method + " on mcp_server \"" + server + "\""));
    }
    Set<String> visible = new LinkedHashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      if (decisions.get(i + 1).permitted()) {
        visible.add(ids.get(i));
      }
    }
    return new Visible(visible);
  }

  private Verdict decide(Caller caller, List<AccessRequest> requests, String type, String id) {
    List<Decision> decisions = requests.size() == 1 ? List.of(pdp.evaluate(requests.getFirst()))
        : pdp.evaluateAll(requests);
    List<Obligation> obligations = new ArrayList<>();
    for (int i = 0; i < decisions.size(); i++) {
      Decision decision = decisions.get(i);
      if (!decision.permitted()) {
        if (stealth && decision instanceof Decision.Deny deny && deny.reason() == DenyReason.POLICY
            && !visible(caller, type, id)) {
          return new Refused(McpErrors.notFound(type, id));
        }
        AccessRequest refused = requests.get(i);
        return new Refused(denial(decision, refused.action().name() + " on " + refused.resource().type() + " \""
            + refused.resource().id() + "\""));
      }
      obligations.addAll(decision.obligations());
    }
    return new Allowed(List.copyOf(obligations));
  }

  /** Whether a listing would show the item to the caller: stealth hides only what a listing hides. */
  private boolean visible(Caller caller, String type, String id) {
    String listing = switch (type) {
      case "tool" -> "tools/list";
      case "prompt" -> "prompts/list";
      default -> "resources/list";
    };
    return pdp.evaluate(request(caller, listing, type, id, caller.context())).permitted();
  }

  private static McpError denial(Decision decision, String what) {
    String decisionId = decision.decisionId().orElse(null);
    if (decision instanceof Decision.Deny deny) {
      return switch (deny.reason()) {
        case POLICY -> McpErrors.denied(what, decisionId);
        case OBLIGATION_REFUSED -> McpErrors.denied(what + ": " + deny.message(), decisionId);
        case UNHANDLED_OBLIGATION -> McpErrors.denied(what + ": the server cannot fulfil an obligation of the policy",
            decisionId);
        case REQUEST_REJECTED -> McpErrors.denied(what + ": the policy decision point refused the request", decisionId);
        default -> McpErrors.denied(what + ": the policy decision point could not be asked", null);
      };
    }
    return McpErrors.denied(what, decisionId);
  }

  private AccessRequest request(Caller caller, String action, String type, String id, Map<String, Object> context) {
    return withToken(caller, new AccessRequest(caller.subject(), Action.of(action), Resource.of(type, id), context,
        Optional.empty()));
  }

  private AccessRequest declared(Caller caller, DeclaredMapping.Evaluation evaluation, Map<String, Object> base) {
    Subject subject = caller.subject();
    if (evaluation.subject().get("type") instanceof String type && !type.isEmpty()) {
      subject = new Subject(type, subject.id(), subject.properties());
    }
    Map<String, Object> actionProperties = new HashMap<>(evaluation.action());
    String actionName = (String) actionProperties.remove("name");
    Map<String, Object> actionExtra = actionProperties.get("properties") instanceof Map<?, ?> map ? stringKeys(map)
        : Map.of();
    Map<String, Object> resourceProperties = evaluation.resource().get("properties") instanceof Map<?, ?> map
        ? stringKeys(map) : Map.of();
    Map<String, Object> context = new LinkedHashMap<>(base);
    context.putAll(evaluation.context());
    return withToken(caller, new AccessRequest(subject, new Action(actionName, actionExtra),
        new Resource((String) evaluation.resource().get("type"), (String) evaluation.resource().get("id"),
            resourceProperties), context, Optional.empty()));
  }

  private AccessRequest withToken(Caller caller, AccessRequest request) {
    return forwardSubjectToken ? request.withSubjectToken(caller.token().token()) : request;
  }

  private Caller caller(McpTransportContext transport) {
    VerifiedToken token = VerifiedToken.in(transport);
    return token == null ? null : Caller.of(token, subjectType);
  }

  private static Refused unverified() {
    return new Refused(McpErrors.denied("the request carries no verified access token", null));
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((key, value) -> out.put(String.valueOf(key), value));
    return out;
  }
}
