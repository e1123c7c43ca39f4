package dev.arbiter.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * The "MCP tool calls" scenario every engine is measured on, generated deterministically from
 * {@link #SEED}: the same tools, subjects, grants and requests for every engine.
 *
 * <p>The rules, combined deny-overrides (any deny wins; nothing applicable means deny):
 *
 * <ol>
 *   <li>blocklisted subjects ({@link #BLOCKED}) are denied everything;
 *   <li>a call to a tool of risk &ge; 4 is denied outside 08:00–17:59 ({@code hour < 8 or hour >= 18})
 *       unless the subject has the role {@code oncall};
 *   <li>a subject with the role {@code admin} may call any tool of its tenant;
 *   <li>a subject may call a tool when the tenants match, the token's scopes include every scope the
 *       tool requires, and its clearance is at least the tool's risk;
 *   <li>{@code policies} generated grants: grant {@code k} (0 &le; k &lt; policies) lets subject
 *       {@code u<k>} call tool {@code tool-<k mod TOOLS>}, one policy per grant.
 * </ol>
 *
 * <p>{@code policies} (the benchmarks' {@code @Param policies}) counts the generated grants only;
 * every engine has the four general rules besides.
 */
public final class Scenario {
  public static final long SEED = 0x4D43505F424E43L; // "MCP_BNC"
  public static final int TOOLS = 200;
  public static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella");
  /** The tenant of grant holders: no tool belongs to it, so only their grant lets them in. */
  public static final String OUTSIDERS = "contractors";
  public static final List<String> SCOPES = List.of(
      "files:read", "files:write", "files:delete", "crm:read", "web:fetch", "mail:send", "db:query", "deploy");
  public static final List<String> BLOCKED = List.of("mallory", "eve", "trudy");
  public static final String CALL = "tools/call";
  public static final String LIST = "tools/list";
  public static final List<String> ACTIONS = List.of(CALL, LIST);

  /** A tool: what the bundle (or the request, for engines without entity data) knows about it. */
  public record Tool(String id, String server, String tenant, int risk, List<String> requiredScopes) {}

  /** A caller: its attributes come from verified token claims, so they travel with the request. */
  public record Subject(String id, List<String> roles, String tenant, int clearance, List<String> scopes) {}

  /**
   * One authorization question: may {@code subject} do {@code action} on {@code tool} at {@code hour}
   * (UTC). {@code ip} and {@code arguments} ride along as every MCP request's context does; no rule
   * reads them.
   */
  public record Call(String kind, Subject subject, String action, Tool tool, int hour, String ip,
      Map<String, String> arguments) {}

  /** Generated grant {@code k}: subject {@code u<k>} may call {@code tool-<k mod TOOLS>}. */
  public record Grant(String subject, String tool) {}

  private final int policies;
  private final List<Tool> tools;

  private Scenario(int policies, List<Tool> tools) {
    this.policies = policies;
    this.tools = tools;
  }

  /** The scenario with {@code policies} generated grants. */
  public static Scenario generate(int policies) {
    if (policies < 1) {
      throw new IllegalArgumentException("policies must be at least 1, was " + policies);
    }
    Random random = new Random(SEED);
    List<Tool> tools = new ArrayList<>(TOOLS);
    for (int i = 0; i < TOOLS; i++) {
      int risk = 1 + random.nextInt(5);
      TreeSet<String> required = new TreeSet<>();
      int scopes = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(2);
      while (required.size() < scopes) {
        required.add(SCOPES.get(random.nextInt(SCOPES.size())));
      }
      tools.add(new Tool("tool-" + i, "srv-" + (i % 20), TENANTS.get(i % TENANTS.size()), risk, List.copyOf(required)));
    }
    return new Scenario(policies, List.copyOf(tools));
  }

  public int policies() {
    return policies;
  }

  public List<Tool> tools() {
    return tools;
  }

  public Tool tool(String id) {
    return tools.get(Integer.parseInt(id.substring("tool-".length())));
  }

  public Grant grant(int k) {
    return new Grant("u" + k, "tool-" + (k % TOOLS));
  }

  /**
   * {@code request=base}: a scoped user of the tool's tenant, in working hours, on a risk-4 tool:
   * permitted by the general "scoped users" rule (and checked by the after-hours rule).
   */
  public Call base() {
    Tool tool = tools.stream().filter(t -> t.risk() == 4 && !t.requiredScopes().isEmpty()).findFirst().orElseThrow();
    Subject alice = new Subject("alice", List.of("developer"), tool.tenant(), 5, SCOPES);
    return new Call("base", alice, CALL, tool, 10, "10.1.2.3", Map.of("path", "/workspace/README.md"));
  }

  /**
   * {@code request=gen}: subject {@code u<N-1>}, with no roles, no scopes, no clearance and a tenant
   * no tool has, calls {@code tool-<(N-1) mod TOOLS>} in working hours. Only the last generated grant
   * permits it: an engine that scans its policies in order looks at all of them.
   */
  public Call gen() {
    Grant last = grant(policies - 1);
    Subject holder = new Subject(last.subject(), List.of(), OUTSIDERS, 0, List.of());
    return new Call("gen", holder, CALL, tool(last.tool()), 10, "10.1.2.3", Map.of("path", "/workspace/README.md"));
  }

  /** The call named by {@code @Param request}. */
  public Call named(String request) {
    return switch (request) {
      case "base" -> base();
      case "gen" -> gen();
      default -> throw new IllegalArgumentException("unknown request `" + request + "`; expected base or gen");
    };
  }

  /** Every kind of call {@link #mixed} makes. */
  public static final List<String> KINDS = List.of("admin", "admin-cross-tenant", "scoped", "missing-scope",
      "low-clearance", "after-hours", "on-call", "blocked", "cross-tenant", "grant", "grant-wrong-tool",
      "unmatched-action", "stranger");

  /** {@code count} calls of every kind in turn, with random tools, hours and attributes. */
  public List<Call> mixed(int count, long seed) {
    Random random = new Random(seed);
    List<Call> calls = new ArrayList<>(count + 2);
    calls.add(base());
    calls.add(gen());
    for (int i = 0; calls.size() < count; i++) {
      String kind = KINDS.get(i % KINDS.size());
      calls.add(call(kind, "s" + i, random));
    }
    return calls;
  }

  private Call call(String kind, String id, Random random) {
    Tool tool = tools.get(random.nextInt(TOOLS));
    int hour = random.nextInt(24);
    String ip = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    Map<String, String> arguments = new LinkedHashMap<>();
    arguments.put("path", "/workspace/file-" + random.nextInt(100) + ".txt");
    String other = otherTenant(tool.tenant(), random);
    Subject subject = switch (kind) {
      case "admin" -> new Subject(id, roles(random, "admin"), tool.tenant(), random.nextInt(6), scopes(random));
      case "admin-cross-tenant" -> new Subject(id, roles(random, "admin"), other, 5, SCOPES);
      case "scoped" -> new Subject(id, roles(random, null), tool.tenant(), tool.risk() + random.nextInt(6 - tool.risk()),
          superset(tool.requiredScopes(), random));
      case "missing-scope" -> {
        tool = withScopes(random);
        List<String> scopes = new ArrayList<>(superset(tool.requiredScopes(), random));
        scopes.remove(tool.requiredScopes().get(random.nextInt(tool.requiredScopes().size())));
        yield new Subject(id, roles(random, null), tool.tenant(), 5, scopes);
      }
      case "low-clearance" -> {
        while (tool.risk() == 1) {
          tool = tools.get(random.nextInt(TOOLS));
        }
        yield new Subject(id, roles(random, null), tool.tenant(), random.nextInt(tool.risk()), SCOPES);
      }
      case "after-hours", "on-call" -> {
        while (tool.risk() < 4) {
          tool = tools.get(random.nextInt(TOOLS));
        }
        hour = random.nextBoolean() ? random.nextInt(8) : 18 + random.nextInt(6);
        List<String> roles = new ArrayList<>(roles(random, null));
        if (kind.equals("on-call")) {
          roles.add("oncall");
        }
        yield new Subject(id, roles, tool.tenant(), 5, SCOPES);
      }
      case "blocked" -> new Subject(BLOCKED.get(random.nextInt(BLOCKED.size())), List.of("admin"), tool.tenant(), 5, SCOPES);
      case "cross-tenant" -> new Subject(id, roles(random, null), other, 5, SCOPES);
      case "grant", "grant-wrong-tool" -> {
        Grant grant = grant(random.nextInt(policies));
        tool = tool(grant.tool());
        if (kind.equals("grant-wrong-tool")) {
          tool = tools.get((Integer.parseInt(grant.tool().substring(5)) + 1 + random.nextInt(TOOLS - 1)) % TOOLS);
        }
        yield new Subject(grant.subject(), List.of(), OUTSIDERS, 0, List.of());
      }
      case "unmatched-action" -> new Subject(id, List.of("admin"), tool.tenant(), 5, SCOPES);
      case "stranger" -> new Subject(id, List.of(), OUTSIDERS, random.nextInt(6), scopes(random));
      default -> throw new IllegalArgumentException(kind);
    };
    String action = kind.equals("unmatched-action") ? LIST : CALL;
    return new Call(kind, subject, action, tool, hour, ip, Map.copyOf(arguments));
  }

  private Tool withScopes(Random random) {
    Tool tool = tools.get(random.nextInt(TOOLS));
    while (tool.requiredScopes().isEmpty()) {
      tool = tools.get(random.nextInt(TOOLS));
    }
    return tool;
  }

  private static String otherTenant(String tenant, Random random) {
    String other = tenant;
    while (other.equals(tenant)) {
      other = TENANTS.get(random.nextInt(TENANTS.size()));
    }
    return other;
  }

  private static List<String> roles(Random random, String role) {
    TreeSet<String> roles = new TreeSet<>();
    if (random.nextBoolean()) {
      roles.add("developer");
    }
    if (random.nextInt(4) == 0) {
      roles.add("analyst");
    }
    if (role != null) {
      roles.add(role);
    }
    return List.copyOf(roles);
  }

  private static List<String> scopes(Random random) {
    TreeSet<String> scopes = new TreeSet<>();
    for (String scope : SCOPES) {
      if (random.nextInt(3) == 0) {
        scopes.add(scope);
      }
    }
    return List.copyOf(scopes);
  }

  private static List<String> superset(List<String> required, Random random) {
    TreeSet<String> scopes = new TreeSet<>(required);
    scopes.addAll(scopes(random));
    return List.copyOf(scopes);
  }

  /**
   * The reference decision, straight from the rules above: what every engine must answer ({@code
   * true} = permit; not-applicable and indeterminate count as deny).
   */
  public boolean expected(Call call) {
    Subject subject = call.subject();
    Tool tool = call.tool();
    if (BLOCKED.contains(subject.id())) {
      return false;
    }
    if (!call.action().equals(CALL)) {
      return false;
    }
    boolean offHours = call.hour() < 8 || call.hour() >= 18;
    if (tool.risk() >= 4 && offHours && !subject.roles().contains("oncall")) {
      return false;
    }
    boolean sameTenant = subject.tenant().equals(tool.tenant());
    if (subject.roles().contains("admin") && sameTenant) {
      return true;
    }
    if (sameTenant && subject.scopes().containsAll(tool.requiredScopes()) && subject.clearance() >= tool.risk()) {
      return true;
    }
    return isGranted(subject.id(), tool.id());
  }

  private boolean isGranted(String subject, String tool) {
    if (!subject.startsWith("u")) {
      return false;
    }
    int k;
    try {
      k = Integer.parseInt(subject.substring(1));
    } catch (NumberFormatException e) {
      return false;
    }
    return k >= 0 && k < policies && grant(k).tool().equals(tool);
  }
}
