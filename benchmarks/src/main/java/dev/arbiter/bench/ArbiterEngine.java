package dev.arbiter.bench;

import dev.arbiter.policy.ast.Decision;
import dev.arbiter.policy.bundle.BundleSource;
import dev.arbiter.policy.check.CheckResult;
import dev.arbiter.policy.check.Checker;
import dev.arbiter.policy.compile.CompiledBundle;
import dev.arbiter.policy.compile.Compiler;
import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.diagnostic.SourceText;
import dev.arbiter.policy.request.Request;
import dev.arbiter.policy.value.EntityUid;
import dev.arbiter.policy.value.IpRange;
import dev.arbiter.policy.value.Values;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Arbiter: the bundle is made in memory (schema, general rules, the grants split into files of
 * {@value #GRANTS_PER_FILE} top-level policies each — the parser refuses files over 1 MiB — and the
 * tools as entity data), checked and compiled once. Every grant and general rule is a top-level
 * policy, so the root policy set's target index sees them all. Subject attributes travel in the
 * request; tool attributes come from the bundle's entity data.
 */
public final class ArbiterEngine implements Engine {
  static final int GRANTS_PER_FILE = 5_000;
  private static final Instant MIDNIGHT = Instant.parse("2026-03-02T00:15:00Z");

  private final CompiledBundle bundle;

  public ArbiterEngine(Scenario scenario) {
    this.bundle = compile(source(scenario));
  }

  /** Check and compile; fails with the diagnostics when the bundle has errors. */
  public static CompiledBundle compile(BundleSource source) {
    CheckResult result = Checker.check(source);
    return Compiler.compile(result.bundle().orElseThrow(() -> new IllegalStateException(
        "the generated bundle does not check:\n" + result.errors().stream().limit(20)
            .map(Diagnostic::toString).collect(Collectors.joining("\n")))));
  }

  public CompiledBundle bundle() {
    return bundle;
  }

  /** The bundle's files, as text. */
  public static BundleSource source(Scenario scenario) {
    List<SourceText> policies = new ArrayList<>();
    policies.add(new SourceText("schema.pol", """
        package bench.schema

        schema {
          subject user {
            roles: set<string>,
            tenant: string,
            clearance: int,
            scopes: set<string>,
          }
          resource tool {
            server: string,
            tenant: string,
            risk: int,
            required_scopes: set<string>,
          }
          action "tools/call", "tools/list"
          context {
            time: datetime,
            ip?: ip,
            arguments?: any,
          }
          data blocked_subjects: set<string>
        }
        """));
    policies.add(new SourceText("rules.pol", """
        package bench.rules

        policy "blocklist" {
          deny "blocked-subject" when subject.id in data.blocked_subjects
        }

        policy "risky-after-hours" {
          target action.name == "tools/call" and resource.risk >= 4
          deny "outside-working-hours" when not (hour(context.time) in 8..17) and not ("oncall" in subject.roles)
        }

        policy "admins" {
          target action.name == "tools/call" and "admin" in subject.roles
          permit "admin-call" when resource.tenant == subject.tenant
        }

        policy "scoped-users" {
          target action.name == "tools/call"
          permit "scoped" when resource.tenant == subject.tenant
            and subject.scopes.containsAll(resource.required_scopes)
            and subject.clearance >= resource.risk
        }
        """));
    StringBuilder file = new StringBuilder();
    for (int k = 0; k < scenario.policies(); k++) {
      if (k % GRANTS_PER_FILE == 0) {
        if (!file.isEmpty()) {
          policies.add(new SourceText("grants-" + (k / GRANTS_PER_FILE - 1) + ".pol", file.toString()));
        }
        file = new StringBuilder(GRANTS_PER_FILE * 130).append("package bench.grants\n\n");
      }
      Scenario.Grant grant = scenario.grant(k);
      file.append("policy \"grant-").append(k).append("\" {\n  target subject.id == \"").append(grant.subject())
          .append("\" and resource.id == \"").append(grant.tool())
          .append("\" and action.name == \"tools/call\"\n  permit\n}\n");
    }
    policies.add(new SourceText("grants-" + ((scenario.policies() - 1) / GRANTS_PER_FILE) + ".pol", file.toString()));

    StringBuilder tools = new StringBuilder("{\"entities\": [\n");
    for (Scenario.Tool tool : scenario.tools()) {
      tools.append(tools.length() > 20 ? ",\n" : "").append("{\"type\": \"tool\", \"id\": \"").append(tool.id())
          .append("\", \"properties\": {\"server\": \"").append(tool.server()).append("\", \"tenant\": \"")
          .append(tool.tenant()).append("\", \"risk\": ").append(tool.risk()).append(", \"required_scopes\": ")
          .append(jsonArray(tool.requiredScopes())).append("}}");
    }
    tools.append("\n]}\n");
    List<SourceText> data = List.of(
        new SourceText("data/tools.json", tools.toString()),
        new SourceText("data/lists.json", "{\"values\": {\"blocked_subjects\": " + jsonArray(Scenario.BLOCKED) + "}}\n"));
    SourceText manifest = new SourceText("bundle.json", "{\"name\": \"bench\", \"combine\": \"deny-overrides\"}\n");
    return new BundleSource("<bench>", Optional.of(manifest), policies, List.of(), data, List.of());
  }

  private static String jsonArray(List<String> values) {
    return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ", "[", "]"));
  }

  @Override
  public Object prepare(Scenario.Call call) {
    Scenario.Subject s = call.subject();
    Map<String, Object> subject = new LinkedHashMap<>();
    subject.put("roles", Values.set(s.roles()));
    subject.put("tenant", s.tenant());
    subject.put("clearance", (long) s.clearance());
    subject.put("scopes", Values.set(s.scopes()));
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("time", MIDNIGHT.plusSeconds(3600L * call.hour()));
    context.put("ip", IpRange.of(call.ip()));
    context.put("arguments", Values.record(call.arguments()));
    return new Request(new Request.Entity(new EntityUid("user", s.id()), subject), Request.Action.of(call.action()),
        new Request.Entity(new EntityUid("tool", call.tool().id()), Map.of()), context);
  }

  @Override
  public boolean decide(Object prepared) {
    return bundle.evaluate((Request) prepared).decision() == Decision.PERMIT;
  }
}
