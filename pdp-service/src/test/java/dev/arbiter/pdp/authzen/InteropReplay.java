package dev.arbiter.pdp.authzen;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Replays an AuthZEN interop decision file against the running service: every single evaluation,
 * and every batch, whose answer must equal the expected JSON exactly (strict clients compare it
 * so).
 */
final class InteropReplay {
  private static final ObjectMapper JSON = new ObjectMapper();

  private InteropReplay() {}

  static Stream<DynamicTest> replay(String resource) {
    JsonNode cases = read(resource);
    List<DynamicTest> tests = new ArrayList<>();
    int index = 0;
    for (JsonNode evaluation : cases.path("evaluation")) {
      JsonNode request = evaluation.get("request");
      boolean expected = evaluation.get("expected").asBoolean();
      tests.add(DynamicTest.dynamicTest(++index + ": " + describe(request) + " -> " + expected, () -> {
        String answer = given().contentType(ContentType.JSON).body(request.toString())
            .post("/access/v1/evaluation").then().statusCode(200).extract().asString();
        assertThat(JSON.readTree(answer).get("decision").asBoolean()).as(answer).isEqualTo(expected);
      }));
    }
    for (JsonNode batch : cases.path("evaluations")) {
      JsonNode request = batch.get("request");
      JsonNode expected = batch.get("expected");
      tests.add(DynamicTest.dynamicTest(++index + ": batch " + describe(request) + " -> " + expected, () -> {
        String answer = given().contentType(ContentType.JSON).body(request.toString())
            .post("/access/v1/evaluations").then().statusCode(200).extract().asString();
        assertThat(JSON.readTree(answer).get("evaluations")).isEqualTo(expected);
      }));
    }
    return tests.stream();
  }

  static int count(String resource) {
    JsonNode cases = read(resource);
    return cases.path("evaluation").size() + cases.path("evaluations").size();
  }

  private static String describe(JsonNode request) {
    return request.path("subject").path("id").asText("(defaults)") + " " + request.path("action").path("name").asText("")
        + " " + request.path("resource").path("type").asText("") + ":" + request.path("resource").path("id").asText("");
  }

  private static JsonNode read(String resource) {
    try (InputStream in = InteropReplay.class.getResourceAsStream("/authzen-interop/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource authzen-interop/" + resource);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
