package dev.arbiter.policy.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.policy.json.Json.JsonArray;
import dev.arbiter.policy.json.Json.JsonBoolean;
import dev.arbiter.policy.json.Json.JsonNull;
import dev.arbiter.policy.json.Json.JsonNumber;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON reader behind data files and manifests: strict, bounded, and precise about where it failed. */
class JsonReaderTest {
  private static final JsonReader DATA = new JsonReader(JsonReader.Limits.DATA);

  @Test
  void readsEveryKindOfValueWithItsPosition() {
    Json json = parsed("{\"s\": \"x\\u00e9\", \"n\": 1, \"d\": 1.50, \"t\": true,\n \"f\": false, \"z\": null, \"a\": [1, []]}");
    JsonObject object = (JsonObject) json;
    assertThat(object.members().keySet()).containsExactly("s", "n", "d", "t", "f", "z", "a");
    assertThat(object.members().get("s")).isEqualTo(new JsonString("xé", 1, 7));
    assertThat(((JsonNumber) object.members().get("n")).value()).isEqualTo(1L);
    assertThat(((JsonNumber) object.members().get("d")).value()).isEqualTo(new BigDecimal("1.50"));
    assertThat(object.members().get("t")).isInstanceOf(JsonBoolean.class);
    assertThat(object.members().get("f")).isEqualTo(new JsonBoolean(false, 2, 7));
    assertThat(object.members().get("z")).isInstanceOf(JsonNull.class);
    assertThat(((JsonArray) object.members().get("a")).elements()).hasSize(2);
    assertThat(json.line()).isEqualTo(1);
    assertThat(json.column()).isEqualTo(1);
  }

  @Test
  void refusesDuplicateKeysWhereTheSecondOneIs() {
    assertThat(failure("{\"a\": 1, \"a\": 2}")).isEqualTo(new JsonReader.Failure("duplicate key `a`", 1, 10));
    assertThat(failure("{\"a\": {\"b\": 1,\n \"b\": 1}}")).isEqualTo(new JsonReader.Failure("duplicate key `b`", 2, 2));
    assertThat(failure("[{\"x\": 1}, {\"x\": 1, \"x\": 1}]")).isEqualTo(new JsonReader.Failure("duplicate key `x`", 1, 21));
  }

  @Test
  void keysThatOnlyLookAlikeAreDistinct() {
    assertThat(((JsonObject) parsed("{\"a\": 1, \"A\": 2, \"a \": 3, \"\\u0061b\": 4}")).members()).hasSize(4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\n\t  \r\n"})
  void refusesEmptyDocuments(String text) {
    assertThat(failure(text).message()).isEqualTo("the document is empty; expected a JSON value");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{} {}", "1 2", "[1] x", "{}]", "\"a\" \"b\"", "null null"})
  void refusesContentAfterTheValue(String text) {
    assertThat(failure(text).message()).containsAnyOf("unexpected content after the JSON value", "unexpected", "unrecognized");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{", "[1,]", "{\"a\" 1}", "{'a': 1}", "{a: 1}", "NaN", "01", "1.", ".5", "+1", "\"\\x\"", "\"unterminated",
      "// comment\n{}", "/* c */ 1", "[1 2]", "{\"a\":1,}", "tru", "\"a\u0001b\""})
  void refusesMalformedJsonWithAPosition(String text) {
    JsonReader.Failure failure = failure(text);
    assertThat(failure.message()).isNotBlank().doesNotContain("\n");
    assertThat(failure.line()).isPositive();
    assertThat(failure.column()).isPositive();
  }

  @Test
  void depthIsLimited() {
    assertThat(DATA.read("[".repeat(64) + "]".repeat(64))).isInstanceOf(JsonReader.Parsed.class);
    assertThat(failure("[".repeat(65) + "]".repeat(65)).message()).isEqualTo("the document nests deeper than 64 levels");
    assertThat(failure("{\"a\":".repeat(65) + "1" + "}".repeat(65)).message()).isEqualTo("the document nests deeper than 64 levels");
    JsonReader shallow = new JsonReader(new JsonReader.Limits(2, 100, 1000));
    assertThat(shallow.read("[[1]]")).isInstanceOf(JsonReader.Parsed.class);
    assertThat(shallow.read("[[[1]]]")).isInstanceOf(JsonReader.Failed.class);
  }

  @Test
  void deepDocumentsFailFastAndWithoutRecursion() {
    long start = System.nanoTime();
    assertThat(failure("[".repeat(100_000)).message()).isEqualTo("the document nests deeper than 64 levels");
    assertThat(failure("{\"a\":[".repeat(50_000)).message()).isEqualTo("the document nests deeper than 64 levels");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "9223372036854775807,  9223372036854775807",
      "-9223372036854775808, -9223372036854775808",
      "9223372036854775808,  9223372036854775808",
      "-9223372036854775809, -9223372036854775809",
      "123456789012345678901234567890, 123456789012345678901234567890",
      "0, 0",
      "-0, 0",
  })
  void integersAreLongsWhenTheyFitAndDecimalsOtherwise(String text, String value) {
    Object number = ((JsonNumber) parsed(text)).value();
    BigDecimal expected = new BigDecimal(value);
    boolean fits = expected.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
        && expected.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0;
    assertThat(number).isEqualTo(fits ? (Object) expected.longValueExact() : expected);
  }

  @Test
  void fractionsAndExponentsAreDecimals() {
    assertThat(((JsonNumber) parsed("1.0")).value()).isEqualTo(new BigDecimal("1.0"));
    assertThat(((JsonNumber) parsed("1e400")).value()).isEqualTo(new BigDecimal("1E+400"));
    assertThat(((JsonNumber) parsed("-2.5E-3")).value()).isEqualTo(new BigDecimal("-0.0025"));
  }

  @Test
  void lengthsAreLimited() {
    assertThat(DATA.read("9".repeat(1000))).isInstanceOf(JsonReader.Parsed.class);
    assertThat(failure("9".repeat(1001)).message()).isEqualTo("a number has more than 1000 digits");
    JsonReader small = new JsonReader(new JsonReader.Limits(64, 10, 100));
    assertThat(small.read("\"" + "x".repeat(10) + "\"")).isInstanceOf(JsonReader.Parsed.class);
    assertThat(((JsonReader.Failed) small.read("\"" + "x".repeat(11) + "\"")).failure().message())
        .isEqualTo("a string is longer than 10 characters");
    assertThat(((JsonReader.Failed) small.read("[" + "1,".repeat(60) + "1]")).failure().message())
        .isEqualTo("the document is longer than 100 characters");
  }

  private static Json parsed(String text) {
    JsonReader.Result result = DATA.read(text);
    assertThat(result).as(text).isInstanceOf(JsonReader.Parsed.class);
    return ((JsonReader.Parsed) result).json();
  }

  private static JsonReader.Failure failure(String text) {
    JsonReader.Result result = DATA.read(text);
    assertThat(result).as(text).isInstanceOf(JsonReader.Failed.class);
    return ((JsonReader.Failed) result).failure();
  }
}
