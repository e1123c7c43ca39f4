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
 * Decides every MCP message that reaches a protected server: the calls (from the wrapped
 * handlers), the listings and every other method (from the session gate). Thread-safe; fails closed
 * (no verified caller, an unmapped method, an unreachable PDP: refused).
 */
final class Enforcer {
  private final PdpClient pdp;
  private final String server;
  private final String subjectType;
  private final boolean stealth;
  private final boolean forwardSubjectToken;
  private final Map<String, DeclaredMapping> declaredMappings;
  /** What the server offers, by kind (tool, resource, prompt): what a listing may show. */
  private final Map<String, Set<String>> offered;

  Enforcer(PdpClient pdp, String server, String subjectType, boolean stealth, boolean forwardSubjectToken,
      Map<String, DeclaredMapping> declaredMappings, Map<String, Set<String>> offered) {
    this.pdp = pdp;
    this.server = server;
    this.subjectType = subjectType;
    this.stealth = stealth;
    this.forwardSubjectToken = forwardSubjectToken;
    this.declaredMappings = Map.copyOf(declaredMappings);
    this.offered = Map.copyOf(offered);
  }

  /** What the gate makes of a request. */
  sealed interface Answer permits Verdict, Listing {}

  /** The answer for one message. */
  sealed interface Verdict extends Answer permits Allowed, Refused {}

  /** The answer for a listing. */
  sealed interface Listing extends Answer permits Refused, Visible {}

  /** Go ahead; carry out these obligations on the result. */
  record Allowed(List<Obligation> obligations) implements Verdict {}

  /** Answer with this error instead. */
  record Refused(McpError error) implements Verdict, Listing {}

  /** The listing may show these ids of its kind only. */
  record Visible(Set<String> ids) implements Listing {}

  /** Authorizes a {@code tools/call}, by the tool's declared mapping if it has one. */
  Verdict callTool(McpTransportContext transport, String tool, Map<String, Object> arguments) {
    Caller caller = caller(transport);
    if (caller == null) {
      return unverified();
    }
    Map<String, Object> context = caller.context();
    context.put("arguments", arguments == null ? Map.of() : arguments);
    DeclaredMapping declared = declaredMappings.get(tool);
    if (declared == null) {
      return decide(caller, List.of(request(caller, "tools/call", "tool", tool, context)), "tool", tool);
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("name", tool);
    params.put("arguments", arguments == null ? Map.of() : arguments);
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

  /** Authorizes {@code resources/read} or {@code prompts/get} of {@code id}, a resource or a prompt. */
  Verdict use(McpTransportContext transport, String method, String type, String id) {
    Caller caller = caller(transport);
    if (caller == null) {
      return unverified();
    }
    return decide(caller, List.of(request(caller, method, type, id, caller.context())), type, id);
  }

  /**
   * Authorizes a listing with one batch: the listing itself on the server (COAZ-MCP's mapping),
   * and each offered item of {@code type} under the same action, which the policies answer with
   * whether the caller may see it.
   */
  Listing listing(McpTransportContext transport, String method, String type) {
    Caller caller = caller(transport);
    if (caller == null) {
      return unverified();
    }
    List<String> ids = List.copyOf(offered.getOrDefault(type, Set.of()));
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

  /** Any other method, by COAZ-MCP's default mapping: unknown methods are refused. */
  Verdict other(McpTransportContext transport, String method, Object params) {
    Map<String, ?> parameters = params instanceof Map<?, ?> map ? stringKeys(map) : null;
    return switch (CoazMapping.map(method, parameters, server)) {
      case CoazMapping.PassThrough pass -> new Allowed(List.of());
      case CoazMapping.Unmapped unmapped -> new Refused(McpErrors.denied(unmapped.reason(), null));
      case CoazMapping.Invalid invalid -> new Refused(McpErrors.invalidParams(invalid.message()));
      case CoazMapping.Target target -> {
        Caller caller = caller(transport);
        yield caller == null ? unverified()
            : decide(caller, List.of(request(caller, target.action(), target.type(), target.id(), caller.context())),
                target.type(), target.id());
      }
    };
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
