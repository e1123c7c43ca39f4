package dev.arbiter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every engine gives the same permit/deny answer as the scenario's reference rules, for a few hundred
 * generated calls of every kind, at two sizes: no engine is timed on a different question.
 * (Not-applicable and indeterminate count as deny.) The 100,000 size is left to the benchmark.
 */
class EqualDecisionTest {
  static final List<String> ENGINES = List.of("arbiter", "cedar", "authzforce", "jcasbin", "sapl");
  static final int CALLS = 400;

  static Stream<Arguments> enginesAndSizes() {
    return Stream.of(10, 1000).flatMap(size -> ENGINES.stream().map(engine -> Arguments.of(engine, size)));
  }

  @ParameterizedTest(name = "{0} with {1} grants")
  @MethodSource("enginesAndSizes")
  void agreesWithTheReferenceOnEveryCall(String name, int size) throws Exception {
    Scenario scenario = Scenario.generate(size);
    List<Scenario.Call> calls = scenario.mixed(CALLS, 7L * size);
    List<String> disagreements = new ArrayList<>();
    try (Engine engine = Engine.create(name, scenario)) {
      for (Scenario.Call call : calls) {
        boolean expected = scenario.expected(call);
        boolean actual = engine.decide(engine.prepare(call));
        if (actual != expected) {
          disagreements.add(call.kind() + ": expected " + (expected ? "permit" : "deny") + " for " + call);
        }
      }
    }
    assertThat(disagreements).as(name + " with " + size + " grants").isEmpty();
  }

  @Test
  void theRequestSetCoversEveryKindAndBothAnswers() {
    Scenario scenario = Scenario.generate(1000);
    List<Scenario.Call> calls = scenario.mixed(CALLS, 7000);
    Map<String, int[]> byKind = new LinkedHashMap<>();
    for (Scenario.Call call : calls) {
      byKind.computeIfAbsent(call.kind(), k -> new int[2])[scenario.expected(call) ? 0 : 1]++;
    }
    assertThat(byKind.keySet()).containsAll(Scenario.KINDS).contains("base", "gen");
    // kinds whose answer depends on the hour see both
    assertThat(byKind.get("admin")).doesNotContain(0);
    assertThat(byKind.get("grant")).doesNotContain(0);
    assertThat(byKind.get("on-call")[1]).isZero();
    assertThat(byKind.get("after-hours")[0]).isZero();
    assertThat(scenario.expected(scenario.base())).isTrue();
    assertThat(scenario.expected(scenario.gen())).isTrue();
  }

  @Test
  void genIsPermittedOnlyByTheLastGrant() {
    Scenario scenario = Scenario.generate(1000);
    Scenario.Call gen = scenario.gen();
    assertThat(gen.subject().id()).isEqualTo("u999");
    // the same subject on the same tool, without its grant, is denied
    assertThat(Scenario.generate(999).expected(gen)).isFalse();
  }
}
