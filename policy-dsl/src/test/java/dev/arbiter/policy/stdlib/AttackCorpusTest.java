package dev.arbiter.policy.stdlib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.policy.bundle.BundleSource;
import dev.arbiter.policy.check.CheckResult;
import dev.arbiter.policy.check.Checker;
import dev.arbiter.policy.compile.CompiledBundle;
import dev.arbiter.policy.compile.Compiler;
import dev.arbiter.policy.decision.AuthorizationResult;
import dev.arbiter.policy.ast.Decision;
import dev.arbiter.policy.diagnostic.SourceText;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonArray;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import dev.arbiter.policy.json.JsonReader;
import dev.arbiter.policy.request.Request;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The attack corpus ({@code src/test/resources/attacks/*.json}): real attack strings, grouped by
 * technique, and benign values that must not be flagged, for each input-attack built-in. Every
 * value goes through the whole pipeline — a policy that calls the built-in on {@code context.input}
 * is checked, compiled and evaluated — so a case also proves that the call type-checks and never
 * fails on a string.
 *
 * <p>A file: {@code {"description": "…", "checks": [{"call": "isSafePath(context.input, \"/w\")",
 * "attack": false, "attacks": {"technique": ["…"]}, "benign": {"kind": ["…"]}}]}}, where
 * {@code attack} is what the call answers for an attack; it answers the opposite for a benign value.
 */
class AttackCorpusTest {
  private static final List<String> FILES = List.of("paths.json", "shell.json", "sql.json", "ssrf.json");
  private static final JsonReader READER = new JsonReader(JsonReader.Limits.DATA);

  @TestFactory
  Stream<DynamicNode> corpus() throws IOException {
    List<DynamicNode> files = new ArrayList<>();
    for (String file : FILES) {
      List<DynamicNode> checks = new ArrayList<>();
      for (Json check : array(object(read(file)), "checks")) {
        checks.add(check((JsonObject) check));
      }
      files.add(DynamicContainer.dynamicContainer(file, checks));
    }
    return files.stream();
  }

  /** Every input-attack built-in has attacks and benign values in the corpus. */
  @Test
  void everyInputAttackBuiltinIsInTheCorpus() throws IOException {
    Set<String> called = new TreeSet<>();
    for (String file : FILES) {
      for (Json check : array(object(read(file)), "checks")) {
        String call = string((JsonObject) check, "call");
        called.add(call.substring(0, call.indexOf('(')));
      }
    }
    assertThat(called).containsExactlyInAnyOrder("isSafePath", "hasPathTraversal", "hasShellMetacharacters",
        "hasSqlInjection", "isInternalHost", "isInternalUrl", "urlInDomains");
  }

  private static DynamicContainer check(JsonObject check) {
    String call = string(check, "call");
    boolean attackAnswer = ((Json.JsonBoolean) check.members().get("attack")).value();
    CompiledBundle bundle = compile(call);
    List<DynamicNode> groups = new ArrayList<>();
    groups.addAll(groups(bundle, object(check.members().get("attacks")), "attack", attackAnswer));
    groups.addAll(groups(bundle, object(check.members().get("benign")), "benign", !attackAnswer));
    return DynamicContainer.dynamicContainer(call, groups);
  }

  private static List<DynamicNode> groups(CompiledBundle bundle, JsonObject groups, String kind, boolean expected) {
    List<DynamicNode> nodes = new ArrayList<>();
    groups.members().forEach((name, values) -> {
      List<DynamicNode> tests = new ArrayList<>();
      for (Json value : ((JsonArray) values).elements()) {
        String input = ((JsonString) value).value();
        tests.add(DynamicTest.dynamicTest(BuiltinCalls.show(input),
            () -> {
              AuthorizationResult result = bundle.evaluate(new Request(Request.Entity.of("user", "u"),
                  Request.Action.of("read"), Request.Entity.of("document", "d"), Map.of("input", input)));
              assertThat(result.problems()).as("the call must not fail").isEmpty();
              assertThat(result.decision()).as("the call's answer").isEqualTo(expected ? Decision.PERMIT : Decision.NOT_APPLICABLE);
            }));
      }
      nodes.add(DynamicContainer.dynamicContainer(kind + ": " + name, tests));
    });
    return nodes;
  }

  /** A bundle whose only rule permits when the call is true. */
  private static CompiledBundle compile(String call) {
    String policy = String.join("\n",
        "package attacks",
        "",
        "schema {",
        "  subject user",
        "  resource document",
        "  action \"read\"",
        "  context {",
        "    input: string,",
        "  }",
        "}",
        "",
        "policy \"p\" {",
        "  permit \"flagged\" when " + call,
        "}",
        "");
    CheckResult checked = Checker.check(BundleSource.ofPolicies(new SourceText("attacks.pol", policy)));
    assertThat(checked.diagnostics()).as(call).isEmpty();
    return Compiler.compile(checked.bundle().orElseThrow());
  }

  private static Json read(String file) throws IOException {
    try (InputStream in = AttackCorpusTest.class.getResourceAsStream("/attacks/" + file)) {
      assertThat(in).as(file).isNotNull();
      JsonReader.Result result = READER.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      assertThat(result).as(file).isInstanceOf(JsonReader.Parsed.class);
      return ((JsonReader.Parsed) result).json();
    }
  }

  private static JsonObject object(Json json) {
    return (JsonObject) json;
  }

  private static List<Json> array(JsonObject object, String key) {
    return ((JsonArray) object.members().get(key)).elements();
  }

  private static String string(JsonObject object, String key) {
    return ((JsonString) object.members().get(key)).value();
  }
}
