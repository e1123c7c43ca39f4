package dev.arbiter.policy.stdlib;

import static dev.arbiter.policy.stdlib.BuiltinCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.arbiter.policy.value.EvaluationError;
import dev.arbiter.policy.value.IpRange;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in function, called as the evaluator calls it. Paths, network and injection functions
 * have their own tables in {@link PathsTest}, {@link NetworkTest} and {@link InjectionTest}, and
 * their attack strings are the corpus of {@link AttackCorpusTest}; here they get a few plain rows.
 */
class BuiltinsTest {
  private static final Instant MONDAY_MORNING = Instant.parse("2026-03-02T10:15:00Z");

  static Stream<BuiltinCalls> strings() {
    return Stream.of(
        call("startsWith", "tools/call", "tools/").returns(true),
        call("startsWith", "tools/call", "Tools/").returns(false),
        call("startsWith", "a", "ab").returns(false),
        call("startsWith", "", "").returns(true),
        call("endsWith", "report.pdf", ".pdf").returns(true),
        call("endsWith", "pdf", "report.pdf").returns(false),
        call("endsWith", "x", "").returns(true),
        call("lower", "ÀBC-Def").returns("àbc-def"),
        // Locale.ROOT, whatever the server's locale: no Turkish dotless i
        call("lower", "TITLE İ").returns("title i\u0307"),
        call("upper", "straße").returns("STRASSE"),
        call("trim", " \t a b \n").returns("a b"),
        call("trim", "\u2003x\u3000").returns("x"),
        call("trim", "").returns(""),
        call("startsWith", 1L, "a").fails());
  }

  static Stream<BuiltinCalls> globs() {
    return Stream.of(
        call("glob", "tools/read_file", "tools/*").returns(true),
        call("glob", "tools/fs/read", "tools/*").returns(true), // `*` crosses `/`
        call("glob", "tools", "tools/*").returns(false),
        call("glob", "abc", "a?c").returns(true),
        call("glob", "ac", "a?c").returns(false),
        call("glob", "", "").returns(true),
        call("glob", "", "*").returns(true),
        call("glob", "x", "").returns(false),
        call("glob", "aXbXc", "a*b*c").returns(true),
        call("glob", "abcabd", "*abd").returns(true),
        call("glob", "ABC", "a*").returns(false),
        // no character classes or escapes: brackets and dots are literal
        call("glob", "[a]", "[a]").returns(true),
        call("glob", "a", "[a]").returns(false),
        call("glob", "axb", "a.b").returns(false),
        call("glob", "a" .repeat(5_000) + "b", "*a*a*a*a*a*c").returns(false));
  }

  static Stream<BuiltinCalls> regexes() {
    return Stream.of(
        call("matches", "tools/call", "^tools/").returns(true),
        call("matches", "xx-abc-xx", "abc").returns(true), // unanchored
        call("matches", "abc", "^b").returns(false),
        call("matches", "ABC", "(?i)abc").returns(true),
        call("matches", "line1\nline2", "^line2$").returns(false),
        call("matches", "line1\nline2", "(?m)^line2$").returns(true),
        call("matches", "é", "^.$").returns(true),
        call("matches", "abc", "(").fails(),
        // RE2 has no backreferences, which is what keeps it linear
        call("matches", "aa", "(a)\\1").fails());
  }

  static Stream<BuiltinCalls> collections() {
    BigDecimal one = BigDecimal.ONE;
    return Stream.of(
        call("contains", Set.of("a", "b"), "a").returns(true),
        call("contains", Set.of("a", "b"), "c").returns(false),
        call("contains", List.of(1L, 2L), 2L).returns(true),
        call("contains", List.of(1L, 2L), one).returns(true), // ints and decimals compare by value
        call("contains", List.of(new BigDecimal("1.5")), 1L).returns(false),
        call("contains", "hello", "ell").returns(true),
        call("contains", "hello", "").returns(true),
        call("contains", "hello", 1L).fails(),
        call("contains", 1L, 1L).fails(),
        call("containsAll", Set.of("a", "b", "c"), Set.of("a", "c")).returns(true),
        call("containsAll", Set.of("a"), Set.of("a", "b")).returns(false),
        call("containsAll", Set.of(), Set.of()).returns(true),
        call("containsAll", List.of(1L), List.of(one)).returns(true),
        call("containsAny", Set.of("a", "b"), Set.of("c", "b")).returns(true),
        call("containsAny", Set.of("a"), Set.of()).returns(false),
        call("containsAny", List.of(2L), List.of(new BigDecimal("2"))).returns(true),
        call("intersection", Set.of(1L, 2L), Set.of(2L, 3L)).returns(Set.of(2L)),
        call("intersection", Set.of("a"), Set.of()).returns(Set.of()),
        call("union", Set.of(1L), Set.of(2L)).returns(Set.of(1L, 2L)),
        call("union", List.of("a", "a"), List.of("a")).returns(Set.of("a")),
        call("difference", Set.of(1L, 2L), Set.of(2L)).returns(Set.of(1L)),
        call("difference", Set.of("a"), Set.of("a")).returns(Set.of()),
        call("union", "a", Set.of()).fails(),
        call("size", "héllo\uD83D\uDE00").returns(6L), // code points, not UTF-16 units
        call("size", List.of(1L, 1L)).returns(2L),
        call("size", Set.of()).returns(0L),
        call("size", Map.of("a", 1L)).returns(1L),
        call("size", 5L).fails(),
        call("isEmpty", "").returns(true),
        call("isEmpty", List.of()).returns(true),
        call("isEmpty", Map.of("a", 1L)).returns(false),
        call("isEmpty", true).fails());
  }

  static Stream<BuiltinCalls> constructors() {
    return Stream.of(
        call("datetime", "2026-03-02T10:15:00Z").returns(MONDAY_MORNING),
        call("datetime", "2026-03-02T11:15:00+01:00").returns(MONDAY_MORNING),
        call("datetime", "2026-03-02T10:15:00.123456789Z").returns(Instant.parse("2026-03-02T10:15:00.123456789Z")),
        call("datetime", "2026-03-02").returns(Instant.parse("2026-03-02T00:00:00Z")),
        call("datetime", "2026-03-02T10:15:00").fails(), // no offset: ambiguous
        call("datetime", "2026-02-30").fails(),
        call("datetime", "2026-13-01T00:00:00Z").fails(),
        call("datetime", "yesterday").fails(),
        call("datetime", "").fails(),
        call("duration", "90s").returns(Duration.ofSeconds(90)),
        call("duration", "1h30m").returns(Duration.ofMinutes(90)),
        call("duration", "2d").returns(Duration.ofDays(2)),
        call("duration", "500ms").returns(Duration.ofMillis(500)),
        call("duration", "1m1ms").returns(Duration.ofMillis(60_001)),
        call("duration", "-15m").returns(Duration.ofMinutes(-15)),
        call("duration", "0s").returns(Duration.ZERO),
        call("duration", "").fails(),
        call("duration", "15").fails(),
        call("duration", "h").fails(),
        call("duration", "1.5h").fails(),
        call("duration", "1h 30m").fails(),
        call("duration", "1w").fails(),
        call("duration", "١h").fails(), // only ASCII digits
        call("duration", "9999999999999999999d").fails(),
        call("duration", "106751991167301d").fails(), // more days than a Duration holds
        call("ip", "10.0.0.1").returns(IpRange.of("10.0.0.1")),
        call("ip", "10.0.0.0/8").returns(IpRange.of("10.0.0.0/8")),
        call("ip", "::1").returns(IpRange.of("::1")),
        call("ip", "010.0.0.1").fails(),
        call("ip", "example.com").fails(),
        call("ip", "").fails(),
        call("decimal", "1.50").returns(new BigDecimal("1.5")), // normalized: 1.50 == 1.5
        call("decimal", "-2").returns(new BigDecimal("-2")),
        call("decimal", "0.000").returns(BigDecimal.ZERO),
        call("decimal", "12345678901234567890.123").returns(new BigDecimal("12345678901234567890.123")),
        call("decimal", "abc").fails(),
        call("decimal", "NaN").fails(),
        call("decimal", " 1").fails(),
        call("decimal", "").fails());
  }

  static Stream<BuiltinCalls> times() {
    Instant lateSunday = Instant.parse("2026-03-01T23:30:00Z");
    return Stream.of(
        call("hour", MONDAY_MORNING).returns(10L),
        call("hour", lateSunday).returns(23L),
        call("hour", lateSunday, "Europe/Berlin").returns(0L),
        call("hour", lateSunday, "+05:30").returns(5L),
        call("hour", lateSunday, "America/New_York").returns(18L),
        // the night Berlin moves to summer time: 01:30 UTC is 03:30 CEST
        call("hour", Instant.parse("2026-03-29T01:30:00Z"), "Europe/Berlin").returns(3L),
        call("hour", MONDAY_MORNING, "Mars/Olympus_Mons").fails(),
        call("hour", MONDAY_MORNING, "+25:00").fails(),
        call("hour", "2026-03-02T10:15:00Z").fails(), // a string is not a datetime
        call("weekday", MONDAY_MORNING).returns(1L),
        call("weekday", lateSunday).returns(7L),
        call("weekday", lateSunday, "Europe/Berlin").returns(1L),
        call("weekday", lateSunday, "America/Los_Angeles").returns(7L),
        call("before", lateSunday, MONDAY_MORNING).returns(true),
        call("before", MONDAY_MORNING, MONDAY_MORNING).returns(false),
        call("after", MONDAY_MORNING, lateSunday).returns(true),
        call("after", MONDAY_MORNING, MONDAY_MORNING).returns(false),
        call("after", MONDAY_MORNING, 1L).fails());
  }

  /** A few plain rows; the attack strings are in {@link PathsTest} and {@link NetworkTest}. */
  static Stream<BuiltinCalls> securityBasics() {
    return Stream.of(
        call("normalizePath", "/workspace/a/../b").returns("/workspace/b"),
        call("pathWithin", "/workspace/a.txt", "/workspace").returns(true),
        call("urlHost", "https://Example.com/path").returns("example.com"),
        call("hostInDomains", "api.example.com", Set.of("example.com")).returns(true),
        call("inRange", IpRange.of("10.1.2.3"), IpRange.of("10.0.0.0/8")).returns(true),
        call("isLoopback", IpRange.of("127.0.0.1")).returns(true),
        call("isPrivate", IpRange.of("10.0.0.1")).returns(true),
        call("isLinkLocal", IpRange.of("169.254.169.254")).returns(true));
  }

  static Stream<BuiltinCalls> rows() {
    return Stream.of(strings(), globs(), regexes(), collections(), constructors(), times(), securityBasics())
        .flatMap(s -> s);
  }

  @ParameterizedTest
  @MethodSource("rows")
  void builtin(BuiltinCalls row) {
    row.verify();
  }

  @Test
  void everyBuiltinHasRows() {
    Set<String> covered = rows().map(BuiltinCalls::function).collect(Collectors.toCollection(TreeSet::new));
    covered.addAll(PathsTest.rows().map(BuiltinCalls::function).toList());
    covered.addAll(NetworkTest.rows().map(BuiltinCalls::function).toList());
    covered.addAll(InjectionTest.rows().map(BuiltinCalls::function).toList());
    assertThat(covered).containsExactlyElementsOf(Builtins.names());
  }

  @Test
  void catastrophicBacktrackingPatternsRunInLinearTime() {
    // (a+)+$ against a run of a's ending in a non-match takes time exponential in the run's length
    // in a backtracking engine (2^10000 here); RE2 answers in one pass. The bound is generous so
    // that a loaded machine passes.
    String attack = "a".repeat(10_000) + "!";
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
      assertThat(BuiltinCalls.apply("matches", attack, "(a+)+$")).isEqualTo(false);
      assertThat(BuiltinCalls.apply("matches", attack, "^(a|aa)+$")).isEqualTo(false);
      assertThat(BuiltinCalls.apply("matches", attack, "^(a|a?)+b")).isEqualTo(false);
    });
  }

  @Test
  void literalArgumentsAreCheckedAtCompileTime() {
    Builtin matches = Builtins.lookup("matches").orElseThrow();
    Builtin hour = Builtins.lookup("hour").orElseThrow();
    assertThat(Builtins.literalProblem(matches, 1, "^a+$")).isEmpty();
    assertThat(Builtins.literalProblem(matches, 1, "(")).get().asString().contains("invalid regular expression");
    assertThat(Builtins.literalProblem(hour, 1, "Europe/Berlin")).isEmpty();
    assertThat(Builtins.literalProblem(hour, 1, "Nowhere/Never")).get().asString().contains("unknown time zone");
    assertThat(Builtins.literalProblem(matches, 1, 5L)).get().asString().contains("must be a string literal");
  }

  @Test
  void everyBuiltinDocumentsItsUsageAndArity() {
    for (Builtin builtin : Builtins.all()) {
      assertThat(builtin.usage()).as(builtin.name()).startsWith(builtin.name() + "(");
      assertThat(builtin.minArity()).as(builtin.name()).isBetween(1, builtin.maxArity());
      assertThat(builtin.literalArguments()).as(builtin.name()).allMatch(i -> i < builtin.maxArity());
    }
    assertThat(Builtins.lookup("noSuchFunction")).isEmpty();
  }

  // ---------------------------------------------------------------- any arguments at all

  @Provide
  Arbitrary<Object> values() {
    Arbitrary<String> texts = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(12),
        Arbitraries.of("", "10.0.0.1", "::ffff:1.2.3.4", "10.0.0.0/8", "https://a.com@b.com/", "/workspace/../etc",
            "%2e%2e/", "2026-03-02T10:15:00Z", "2026-03-02", "1h30m", "1e999", "-0", "Europe/Berlin", "(a+)+$", "*?",
            "[", "\u0000", "\uD800"));
    Arbitrary<Object> scalars = Arbitraries.oneOf(
        texts.map(Object.class::cast),
        Arbitraries.longs().map(Object.class::cast),
        Arbitraries.bigDecimals().map(Object.class::cast),
        Arbitraries.of(true, false).map(Object.class::cast),
        // not the instants at the very ends of the range: hourAndWeekdayWorkAtTheEndsOfTime
        Arbitraries.of(MONDAY_MORNING, Instant.EPOCH, Instant.parse("-2026-01-01T00:00:00Z")).map(Object.class::cast),
        Arbitraries.of(Duration.ZERO, Duration.ofDays(-1)).map(Object.class::cast),
        Arbitraries.of("10.0.0.1", "::1", "10.0.0.0/8", "::ffff:127.0.0.1").map(IpRange::of).map(Object.class::cast));
    return Arbitraries.oneOf(
        scalars,
        scalars.set().ofMaxSize(3).map(Object.class::cast),
        scalars.list().ofMaxSize(3).map(Object.class::cast),
        Arbitraries.maps(texts, scalars).ofMaxSize(2).map(Object.class::cast));
  }

  @Provide
  Arbitrary<Builtin> builtins() {
    return Arbitraries.of(List.copyOf(Builtins.all()));
  }

  /**
   * The evaluator relies on built-ins failing only with evaluation errors (which make a rule
   * indeterminate), whatever the checker let through. Any other exception is a bug.
   */
  @Property(tries = 3000)
  void builtinsFailOnlyWithEvaluationErrors(
      @ForAll("builtins") Builtin builtin, @ForAll("values") Object first, @ForAll("values") Object second) {
    Object[] arguments = builtin.maxArity() == 1 ? new Object[] {first} : new Object[] {first, second};
    try {
      assertThat(builtin.implementation().apply(arguments)).isNotNull();
    } catch (EvaluationError expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  // ---------------------------------------------------------------- known bugs

  @Test
  void decimalRefusesAbsurdExponents() {
    assertThatThrownBy(() -> BuiltinCalls.apply("decimal", "1e999999999")).isInstanceOf(EvaluationError.class);
    assertThatThrownBy(() -> BuiltinCalls.apply("decimal", "1e-999999999")).isInstanceOf(EvaluationError.class);
  }

  @Test
  void hourAndWeekdayWorkAtTheEndsOfTime() {
    Object last = BuiltinCalls.apply("datetime", "+999999999-12-31T23:59:59-18:00");
    Object first = BuiltinCalls.apply("datetime", "-999999999-01-01T00:00:00+18:00");
    for (Object[] arguments : new Object[][] {{last}, {first}, {last, "+18:00"}}) {
      for (String function : List.of("hour", "weekday")) {
        try {
          assertThat(BuiltinCalls.apply(function, arguments)).isInstanceOf(Long.class);
        } catch (EvaluationError outOfRange) {
          // as good as a value: the rule becomes indeterminate
        }
      }
    }
  }

  @Test
  void globQuestionMarkMatchesOneCharacter() {
    call("glob", "\uD83D\uDE00", "?").returns(true).verify();
    call("glob", "a\uD83D\uDE00b", "a?b").returns(true).verify();
  }

  @Test
  void setFunctionsCompareNumbersByValue() {
    call("intersection", Set.of(1L), Set.of(BigDecimal.ONE)).returns(Set.of(1L)).verify();
    call("difference", Set.of(1L), Set.of(BigDecimal.ONE)).returns(Set.of()).verify();
    assertThat((Set<?>) BuiltinCalls.apply("union", Set.of(1L), Set.of(BigDecimal.ONE))).hasSize(1);
  }
}
