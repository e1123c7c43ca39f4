package dev.arbiter.bench;

import com.googlecode.aviator.runtime.function.FunctionUtils;
import com.googlecode.aviator.runtime.type.AviatorBoolean;
import com.googlecode.aviator.runtime.type.AviatorObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;
import org.casbin.jcasbin.util.function.CustomFunction;

/**
 * jCasbin with an ABAC model. Layout: one policy line per rule and per grant, {@code p = kind, sub,
 * obj, act, eft}, and one matcher that tests the line's {@code kind} first, so a grant line costs
 * three string comparisons and a general rule reads request attributes directly ({@code r.sub.tenant
 * == r.obj.tenant}); no {@code eval()} of per-line rule strings, which would compile an expression
 * per line. The effect is deny-overrides ({@code some(allow) && !some(deny)}). The request carries
 * the subject's, the tool's and the environment's attributes as maps; scope containment is a custom
 * function ({@code containsAll}). The matcher is compiled once and cached (jCasbin compiles it with
 * Aviator's cache on), and Aviator's cache-by-default is on for anything else it evaluates.
 */
public final class JCasbinEngine implements Engine {
  static final String MODEL = """
      [request_definition]
      r = sub, obj, act, env

      [policy_definition]
      p = kind, sub, obj, act, eft

      [policy_effect]
      e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

      [matchers]
      m = (p.act == "*" || r.act == p.act) && ( \
      (p.kind == "grant" && r.sub.id == p.sub && r.obj.id == p.obj) || \
      (p.kind == "blocked" && r.sub.id == p.sub) || \
      (p.kind == "after-hours" && r.obj.risk >= 4 && (r.env.hour < 8 || r.env.hour >= 18) && !include(r.sub.roles, "oncall")) || \
      (p.kind == "admin" && include(r.sub.roles, "admin") && r.sub.tenant == r.obj.tenant) || \
      (p.kind == "scoped" && r.sub.tenant == r.obj.tenant && containsAll(r.sub.scopes, r.obj.required_scopes) && r.sub.clearance >= r.obj.risk))
      """;

  private final Enforcer enforcer;
  private final Map<String, Map<String, Object>> tools = new HashMap<>();

  public JCasbinEngine(Scenario scenario) {
    Model model = new Model();
    model.loadModelFromText(MODEL);
    enforcer = new Enforcer(model);
    enforcer.enableLog(false);
    enforcer.getAviatorEval().setCachedExpressionByDefault(true);
    enforcer.addFunction("containsAll", new ContainsAll());
    enforcer.addPolicies(policies(scenario));
    for (Scenario.Tool tool : scenario.tools()) {
      Map<String, Object> attributes = new HashMap<>();
      attributes.put("id", tool.id());
      attributes.put("server", tool.server());
      attributes.put("tenant", tool.tenant());
      attributes.put("risk", (long) tool.risk());
      attributes.put("required_scopes", new HashSet<>(tool.requiredScopes()));
      tools.put(tool.id(), attributes);
    }
  }

  /** The policy lines, general rules first and the grants in order. */
  public static List<List<String>> policies(Scenario scenario) {
    List<List<String>> lines = new ArrayList<>(scenario.policies() + 8);
    for (String blocked : Scenario.BLOCKED) {
      lines.add(List.of("blocked", blocked, "*", "*", "deny"));
    }
    lines.add(List.of("after-hours", "*", "*", Scenario.CALL, "deny"));
    lines.add(List.of("admin", "*", "*", Scenario.CALL, "allow"));
    lines.add(List.of("scoped", "*", "*", Scenario.CALL, "allow"));
    for (int k = 0; k < scenario.policies(); k++) {
      Scenario.Grant grant = scenario.grant(k);
      lines.add(List.of("grant", grant.subject(), grant.tool(), Scenario.CALL, "allow"));
    }
    return lines;
  }

  /** {@code containsAll(set, required)}: whether {@code set} holds every element of {@code required}. */
  static final class ContainsAll extends CustomFunction {
    @Override
    public AviatorObject call(Map<String, Object> env, AviatorObject set, AviatorObject required) {
      Collection<?> have = (Collection<?>) FunctionUtils.getJavaObject(set, env);
      Collection<?> need = (Collection<?>) FunctionUtils.getJavaObject(required, env);
      return AviatorBoolean.valueOf(have.containsAll(need));
    }

    @Override
    public String getName() {
      return "containsAll";
    }
  }

  @Override
  public Object prepare(Scenario.Call call) {
    Scenario.Subject s = call.subject();
    Map<String, Object> subject = new HashMap<>();
    subject.put("id", s.id());
    subject.put("roles", new HashSet<>(s.roles()));
    subject.put("tenant", s.tenant());
    subject.put("clearance", (long) s.clearance());
    subject.put("scopes", new HashSet<>(s.scopes()));
    Map<String, Object> environment = new HashMap<>();
    environment.put("hour", (long) call.hour());
    environment.put("ip", call.ip());
    environment.put("arguments", call.arguments());
    return new Object[] {subject, tools.get(call.tool().id()), call.action(), environment};
  }

  @Override
  public boolean decide(Object prepared) {
    return enforcer.enforce((Object[]) prepared);
  }
}
