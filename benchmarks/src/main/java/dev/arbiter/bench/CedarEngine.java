package dev.arbiter.bench;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.IpAddress;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cedar through cedar-java's JNI binding (the Rust authorizer). The policies are parsed once and
 * {@link PolicySet#cache() cached} on the Rust side, so a call sends only the request and its
 * entities (as JSON, which is how cedar-java talks to Rust) instead of every policy. No schema is
 * passed: a request carrying a schema would take the cached path only with the schema cached too,
 * and validation is not what is measured. Entities are passed per request as Cedar does: the
 * principal (attributes from its token) and the tool (attributes from the application's store).
 */
public final class CedarEngine implements Engine {
  private static final EntityTypeName USER = EntityTypeName.parse("User").orElseThrow();
  private static final EntityTypeName TOOL = EntityTypeName.parse("Tool").orElseThrow();
  private static final EntityTypeName ACTION = EntityTypeName.parse("Action").orElseThrow();

  private final BasicAuthorizationEngine engine = new BasicAuthorizationEngine();
  private final PolicySet policies;
  private final Map<String, Entity> tools = new HashMap<>();

  record Prepared(AuthorizationRequest request, Set<Entity> entities) {}

  public CedarEngine(Scenario scenario) throws Exception {
    this.policies = PolicySet.parsePolicies(policies(scenario));
    if (policies.getNumPolicies() != scenario.policies() + 4) {
      throw new IllegalStateException("Cedar parsed " + policies.getNumPolicies() + " policies, expected "
          + (scenario.policies() + 4));
    }
    policies.cache();
    for (Scenario.Tool tool : scenario.tools()) {
      Map<String, Value> attributes = new LinkedHashMap<>();
      attributes.put("server", new PrimString(tool.server()));
      attributes.put("tenant", new PrimString(tool.tenant()));
      attributes.put("risk", new PrimLong(tool.risk()));
      attributes.put("required_scopes", strings(tool.requiredScopes()));
      tools.put(tool.id(), new Entity(TOOL.of(tool.id()), attributes, Set.of()));
    }
  }

  /** The policies in Cedar's syntax. */
  public static String policies(Scenario scenario) {
    StringBuilder text = new StringBuilder(scenario.policies() * 120 + 2048);
    text.append("@id(\"blocklist\")\nforbid (principal, action, resource)\nwhen { principal in [")
        .append(Scenario.BLOCKED.stream().map(id -> "User::\"" + id + "\"").collect(Collectors.joining(", ")))
        .append("] };\n\n");
    text.append("""
        @id("risky-after-hours")
        forbid (principal, action == Action::"tools/call", resource)
        when { resource.risk >= 4 && (context.hour < 8 || context.hour >= 18) }
        unless { principal.roles.contains("oncall") };

        @id("admins")
        permit (principal, action == Action::"tools/call", resource)
        when { principal.roles.contains("admin") && resource.tenant == principal.tenant };

        @id("scoped-users")
        permit (principal, action == Action::"tools/call", resource)
        when {
          resource.tenant == principal.tenant &&
          principal.scopes.containsAll(resource.required_scopes) &&
          principal.clearance >= resource.risk
        };

        """);
    for (int k = 0; k < scenario.policies(); k++) {
      Scenario.Grant grant = scenario.grant(k);
      text.append("@id(\"grant-").append(k).append("\")\npermit (principal == User::\"").append(grant.subject())
          .append("\", action == Action::\"tools/call\", resource == Tool::\"").append(grant.tool()).append("\");\n");
    }
    return text.toString();
  }

  private static CedarList strings(List<String> values) {
    return new CedarList(values.stream().<Value>map(PrimString::new).toList());
  }

  @Override
  public Object prepare(Scenario.Call call) {
    Scenario.Subject s = call.subject();
    Map<String, Value> attributes = new LinkedHashMap<>();
    attributes.put("roles", strings(s.roles()));
    attributes.put("tenant", new PrimString(s.tenant()));
    attributes.put("clearance", new PrimLong(s.clearance()));
    attributes.put("scopes", strings(s.scopes()));
    EntityUID principal = USER.of(s.id());
    Entity subject = new Entity(principal, attributes, Set.of());
    Entity tool = tools.get(call.tool().id());
    Map<String, Value> context = new LinkedHashMap<>();
    context.put("hour", new PrimLong(call.hour()));
    context.put("ip", new IpAddress(call.ip()));
    context.put("arguments", new CedarMap(call.arguments().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> (Value) new PrimString(e.getValue())))));
    AuthorizationRequest request = new AuthorizationRequest(principal, ACTION.of(call.action()),
        tool.getEUID(), context);
    return new Prepared(request, Set.of(subject, tool));
  }

  @Override
  public boolean decide(Object prepared) {
    Prepared p = (Prepared) prepared;
    try {
      AuthorizationResponse response = engine.isAuthorized(p.request(), policies, p.entities());
      return response.success.orElseThrow(() -> new IllegalStateException("Cedar failed: " + response.errors))
          .isAllowed();
    } catch (com.cedarpolicy.model.exception.AuthException e) {
      throw new IllegalStateException(e);
    }
  }
}
