package dev.arbiter.policy.stdlib;

import static dev.arbiter.policy.stdlib.BuiltinCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code hasShellMetacharacters} and {@code hasSqlInjection}: the edges of each rule. The attack
 * strings and the benign values that must stay unflagged are the corpus of {@link AttackCorpusTest}.
 */
class InjectionTest {

  static Stream<BuiltinCalls> rows() {
    return Stream.of(
        call("hasShellMetacharacters", "plain-argument.txt").returns(false),
        call("hasShellMetacharacters", "").returns(false),
        call("hasShellMetacharacters", "$").returns(false), // a lone dollar expands to itself
        call("hasShellMetacharacters", "$ ").returns(false),
        call("hasShellMetacharacters", "$x").returns(true),
        call("hasShellMetacharacters", "a%3Bb").returns(true), // decoded in either case
        call("hasShellMetacharacters", "%252525253b").returns(true), // encoded beyond every round: fail closed
        call("hasShellMetacharacters", "%ff").returns(true), // not UTF-8: a lenient decoder may read anything
        call("hasShellMetacharacters", "100%").returns(false),
        call("hasShellMetacharacters", 1L).fails(),
        call("hasSqlInjection", "alice").returns(false),
        call("hasSqlInjection", "").returns(false),
        call("hasSqlInjection", "' OR 1=1--").returns(true),
        call("hasSqlInjection", "x' oR 'A'='a").returns(true), // case does not matter
        call("hasSqlInjection", "a or b = c").returns(false), // a comparison of names is no tautology
        call("hasSqlInjection", "1; select name from users").returns(true),
        call("hasSqlInjection", "1; select one").returns(false), // no FROM: prose
        call("hasSqlInjection", "1 --").returns(true),
        call("hasSqlInjection", "1 -- and more").returns(false), // a trailing comment only
        call("hasSqlInjection", "%2527%2520or%25201%253d1").returns(true),
        call("hasSqlInjection", 1L).fails());
  }

  @ParameterizedTest
  @MethodSource("rows")
  void injection(BuiltinCalls row) {
    row.verify();
  }

  /** The SQL markers are RE2 patterns: long adversarial values take linear time. The bound is generous for a loaded machine. */
  @Test
  void longValuesAreJudgedInLinearTime() {
    String quotes = "'".repeat(50_000) + " or " + "(".repeat(50_000);
    String comments = "union " + "/*x ".repeat(50_000);
    String dollars = "a$ ".repeat(50_000);
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      assertThat(Injection.hasSqlInjection(quotes)).isFalse();
      assertThat(Injection.hasSqlInjection(comments)).isFalse();
      assertThat(Injection.hasShellMetacharacters(dollars)).isFalse();
    });
  }
}
