package dev.arbiter.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.JsonReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The canonical encoding: one spelling per value, and reading it back gives the same bytes. */
class CanonicalJsonTest {
  private static final JsonReader READER = new JsonReader(JsonReader.Limits.DATA);

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // members sorted by UTF-16 code units, at every depth; no whitespace
      "{ \"b\": 1, \"a\": {\"z\": [true, null], \"B\": false} } | {\"a\":{\"B\":false,\"z\":[true,null]},\"b\":1}",
      "{\"é\": 1, \"z\": 2, \"\uD83D\uDE00\": 3, \"\uFFFD\": 4} | {\"z\":2,\"é\":1,\"\uD83D\uDE00\":3,\"\uFFFD\":4}",
      // numbers: integers as digits; other values stripped of trailing zeros
      "[1.0, 1000.000, -0.0, 1e3, 0.50, 1E+20, 0.0000001, 9223372036854775807, 9223372036854775808]"
          + " | [1,1000,0,1000,0.5,1E+20,1E-7,9223372036854775807,9223372036854775808]",
      // strings: short escapes, other controls as lowercase \\u, everything else as itself
      "[\"a\\\"b\\\\c\\/d\", \"\\b\\f\\n\\r\\t\\u0001\\u001F\", \"é€\uD83D\uDE00\"]"
          + " | [\"a\\\"b\\\\c/d\",\"\\b\\f\\n\\r\\t\\u0001\\u001f\",\"é€\uD83D\uDE00\"]",
      // an unpaired surrogate cannot be UTF-8: it stays escaped
      "[\"\\ud800x\", \"x\\udc00\"] | [\"\\ud800x\",\"x\\udc00\"]",
  })
  void encodesOneSpellingPerValue(String input, String canonical) {
    assertThat(encode(input)).isEqualTo(canonical);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"b\":1,\"a\":{\"z\":[true,null],\"B\":false}}",
      "[1.0,1000.000,-0.0,1e3,0.50,1E+20,0.0000001,9223372036854775808,-12345678901234567890.5]",
      "[\"\\ud800x\",\"\\u0000\",\"\\u007f\",\"\u2028\"]",
      "{\"request\":{\"context\":{\"arguments\":{\"path\":\"/workspace/../etc/passwd\",\"n\":[0.1,2]}}}}",
  })
  void readingTheEncodingBackGivesTheSameBytes(String input) {
    String once = encode(input);
    assertThat(encode(once)).isEqualTo(once);
  }

  @ParameterizedTest
  @CsvSource({"1.50, 1.5", "100, 100", "1E+2, 100", "12345678901234567890, 1.234567890123456789E+19"})
  void decimalsMadeByCodeSpellLikeTheirReadBackSelves(String decimal, String spelled) {
    assertThat(CanonicalJson.number(new BigDecimal(decimal))).isEqualTo(spelled);
  }

  private static String encode(String json) {
    Json tree = ((JsonReader.Parsed) READER.read(json)).json();
    return new String(CanonicalJson.encode(tree), StandardCharsets.UTF_8);
  }
}
