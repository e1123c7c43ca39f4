package dev.arbiter.policy.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Equality, membership, parsing and printing of run-time values. */
class ValuesTest {

  static Stream<Arguments> equalities() {
    BigDecimal one = Values.decimal(new BigDecimal("1.00"));
    return Stream.of(
        Arguments.of(1L, 1L, true),
        Arguments.of(1L, 2L, false),
        Arguments.of(1L, one, true),
        Arguments.of(one, 1L, true),
        Arguments.of(2L, Values.decimal(new BigDecimal("2.5")), false),
        Arguments.of(Long.MAX_VALUE, Values.decimal(new BigDecimal("9223372036854775807.0")), true),
        Arguments.of(Long.MAX_VALUE, Values.decimal(new BigDecimal("9223372036854775808")), false),
        Arguments.of(Values.decimal(new BigDecimal("1.50")), Values.decimal(new BigDecimal("1.5")), true),
        Arguments.of(Values.decimal(new BigDecimal("0.00")), 0L, true),
        Arguments.of("1", 1L, false),
        Arguments.of(true, true, true),
        Arguments.of("a", "a", true),
        Arguments.of(Set.of(1L), Set.of(1L), true),
        Arguments.of(List.of(1L, 2L), List.of(2L, 1L), false),
        Arguments.of(new EntityUid("tool", "a"), new EntityUid("tool", "a"), true),
        Arguments.of(new EntityUid("tool", "a"), new EntityUid("server", "a"), false));
  }

  @ParameterizedTest(name = "{0} == {1}: {2}")
  @MethodSource("equalities")
  void equality(Object a, Object b, boolean expected) {
    assertThat(Values.equal(a, b)).isEqualTo(expected);
  }

  @Test
  void membershipComparesNumbersByValue() {
    assertThat(Values.contains(List.of(1L, 2L), Values.decimal(new BigDecimal("2.0")))).isTrue();
    assertThat(Values.contains(Set.of(Values.decimal(new BigDecimal("3"))), 3L)).isTrue();
    assertThat(Values.contains(Set.of("3"), 3L)).isFalse();
    assertThat(Values.contains(Set.of(), 3L)).isFalse();
    assertThat(Values.contains(List.of("a"), "a")).isTrue();
  }

  @Test
  void decimalsAreNormalized() {
    assertThat(Values.decimal(new BigDecimal("1.500"))).isEqualTo(new BigDecimal("1.5"));
    assertThat(Values.decimal(new BigDecimal("100"))).isEqualTo(new BigDecimal("1E+2"));
    assertThat(Values.decimal(new BigDecimal("0.000"))).isSameAs(BigDecimal.ZERO);
    assertThat(Values.decimal(new BigDecimal("-0.0"))).isSameAs(BigDecimal.ZERO);
  }

  @Test
  void collectionsAreImmutableAndKeepInsertionOrder() {
    Set<Object> set = Values.set(List.of("c", "a", "b", "a"));
    assertThat(set).containsExactly("c", "a", "b");
    assertThatThrownBy(() -> set.add("d")).isInstanceOf(UnsupportedOperationException.class);
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("z", 1L);
    attributes.put("a", 2L);
    Map<String, Object> record = Values.record(attributes);
    assertThat(record.keySet()).containsExactly("z", "a");
    assertThatThrownBy(() -> record.put("b", 3L)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void datetimes() {
    assertThat(Values.parseDatetime("2026-03-02T10:15:00Z")).isEqualTo(Instant.parse("2026-03-02T10:15:00Z"));
    assertThat(Values.parseDatetime("2026-03-02T12:15:00+02:00")).isEqualTo(Instant.parse("2026-03-02T10:15:00Z"));
    assertThat(Values.parseDatetime("2026-03-02")).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
    assertThat(Values.parseDatetime("2024-02-29")).isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
    for (String bad : new String[] {"2025-02-29", "2026-03-02T10:15:00", "2026-3-2", "02/03/2026", "2026-03-02 10:15:00Z", "now"}) {
      assertThatThrownBy(() -> Values.parseDatetime(bad)).as(bad).isInstanceOf(EvaluationError.class);
    }
  }

  /**
   * The PDP's own {@code context.time} form ({@code yyyy-MM-ddTHH:mm:ssZ}) is read by a shortcut;
   * any such text, possible or not, gets the answer of the general ISO 8601 parser. The ranges reach
   * one past every field's limit (month 0 and 13, day 0 and 32, February 29 in any year, hour 24,
   * minute and second 60), so most texts are valid dates and the rest fail at each boundary; one in
   * two has a letter for a character.
   */
  @Property(tries = 20_000)
  void utcSecondsAgreeWithTheGeneralParser(@ForAll @LongRange(min = 0, max = 9999) long year,
      @ForAll @LongRange(min = 0, max = 13) long month, @ForAll @LongRange(min = 0, max = 32) long day,
      @ForAll @LongRange(min = 0, max = 24) long hour, @ForAll @LongRange(min = 0, max = 60) long minute,
      @ForAll @LongRange(min = 0, max = 60) long second, @ForAll @LongRange(min = 0, max = 40) long spoil) {
    char[] text = "%04d-%02d-%02dT%02d:%02d:%02dZ".formatted(year, month, day, hour, minute, second).toCharArray();
    if (spoil < text.length) {
      text[(int) spoil] = 'x';
    }
    String candidate = new String(text);
    Instant expected;
    try {
      expected = java.time.OffsetDateTime.parse(candidate).toInstant();
    } catch (java.time.DateTimeException e) {
      assertThatThrownBy(() -> Values.parseDatetime(candidate)).as(candidate).isInstanceOf(EvaluationError.class);
      return;
    }
    assertThat(Values.parseDatetime(candidate)).as(candidate).isEqualTo(expected);
  }

  @Test
  void durations() {
    assertThat(Values.parseDuration("1d2h3m4s5ms")).isEqualTo(Duration.ofDays(1).plusHours(2).plusMinutes(3).plusSeconds(4).plusMillis(5));
    assertThat(Values.parseDuration("90m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Values.parseDuration("1h1h")).isEqualTo(Duration.ofHours(2));
    assertThat(Values.parseDuration("-1h30m")).isEqualTo(Duration.ofMinutes(-90));
    for (String bad : new String[] {"", "-", "1", "m", "1H", "1 h", "+1h", "1h-30m", "--1h", "1.5s", "P1D"}) {
      assertThatThrownBy(() -> Values.parseDuration(bad)).as(bad).isInstanceOf(EvaluationError.class);
    }
    assertThat(Values.formatDuration(Duration.ZERO)).isEqualTo("0s");
    assertThat(Values.formatDuration(Duration.ofMinutes(-90))).isEqualTo("-1h30m");
    assertThat(Values.formatDuration(Duration.ofDays(3).plusMillis(7))).isEqualTo("3d7ms");
  }

  /** What {@code formatDuration} prints, {@code parseDuration} reads back (to the millisecond it keeps). */
  @Property(tries = 1000)
  void durationsPrintWhatTheyParse(@ForAll @LongRange(min = -100_000_000_000_000L, max = 100_000_000_000_000L) long millis) {
    Duration duration = Duration.ofMillis(millis);
    assertThat(Values.parseDuration(Values.formatDuration(duration))).isEqualTo(duration);
  }

  @Test
  void quoting() {
    assertThat(Values.quote("plain")).isEqualTo("\"plain\"");
    assertThat(Values.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(Values.quote("\n\t\r")).isEqualTo("\"\\n\\t\\r\"");
    assertThat(Values.quote("\u0000\u001f\u007f")).isEqualTo("\"\\u0000\\u001f\\u007f\"");
    assertThat(Values.quote("é中\uD83D\uDE00")).isEqualTo("\"é中\uD83D\uDE00\"");
    // a lone surrogate cannot be written to a UTF-8 file as it is
    assertThat(Values.quote("\uD800x\uDC00")).isEqualTo("\"\\ud800x\\udc00\"");
  }

  static Stream<Arguments> typeNames() {
    return Stream.of(
        Arguments.of(true, "bool"), Arguments.of(1L, "int"), Arguments.of(BigDecimal.ONE, "decimal"),
        Arguments.of("s", "string"), Arguments.of(Instant.EPOCH, "datetime"), Arguments.of(Duration.ZERO, "duration"),
        Arguments.of(IpRange.of("::1"), "ip"), Arguments.of(new EntityUid("tool", "x"), "tool"),
        Arguments.of(Set.of(), "set"), Arguments.of(List.of(), "list"), Arguments.of(Map.of(), "record"));
  }

  @ParameterizedTest(name = "{0} is a {1}")
  @MethodSource("typeNames")
  void typeNames(Object value, String name) {
    assertThat(Values.typeName(value)).isEqualTo(name);
  }

  @Test
  void rendersValuesAsPolicyTextWouldWriteThem() {
    assertThat(Values.render("a\"b")).isEqualTo("\"a\\\"b\"");
    assertThat(Values.render(Values.decimal(new BigDecimal("1E+2")))).isEqualTo("100");
    assertThat(Values.render(Instant.parse("2026-03-02T10:15:00Z"))).isEqualTo("datetime(\"2026-03-02T10:15:00Z\")");
    assertThat(Values.render(Duration.ofMinutes(90))).isEqualTo("duration(\"1h30m\")");
    assertThat(Values.render(IpRange.of("10.0.0.0/8"))).isEqualTo("ip(\"10.0.0.0/8\")");
    assertThat(Values.render(Values.set(List.of("a", 1L)))).isEqualTo("[\"a\", 1]");
    assertThat(Values.render(Map.of())).isEqualTo("{}");
    assertThat(Values.render(Values.record(Map.of("k", List.of())))).isEqualTo("{ k: [] }");
    assertThat(Values.render(null)).isEqualTo("nothing");
  }
}
