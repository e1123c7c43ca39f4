package dev.arbiter.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The REST bodies, and every way an answer can be malformed. */
class AuthzenJsonTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void writesTheAuthzenShapeWithPropertiesOnlyWhenThereAreSome() {
    AccessRequest request = AccessRequest.of(new Subject("user", "ana", Map.of("role", "editor")),
        Action.of("read"), Resource.of("document", "plan")).withContext(Map.of("n", List.of(1, 2.5)));

    assertThat(new String(AuthzenJson.evaluation(request), StandardCharsets.UTF_8)).isEqualTo(
        "{\"subject\":{\"type\":\"user\",\"id\":\"ana\",\"properties\":{\"role\":\"editor\"}},"
            + "\"action\":{\"name\":\"read\"},\"resource\":{\"type\":\"document\",\"id\":\"plan\"},"
            + "\"context\":{\"n\":[1,2.5]}}");
    assertThat(new String(AuthzenJson.evaluations(List.of(request, request)), StandardCharsets.UTF_8))
        .startsWith("{\"evaluations\":[{\"subject\"").endsWith("}],\"options\":{\"include_context\":true}}");
  }

  @Test
  void readsAFullAnswer() throws Exception {
    PdpResponse response = AuthzenJson.evaluationAnswer(bytes("""
        {"decision": true, "context": {"decision_id": "d-7", "outcome": "permit", "revision": "abc", "ttl_ms": 1500,
          "reasons": [{"policy": "p", "rule": "r", "effect": "permit", "annotations": {"severity": "high"}}],
          "obligations": [{"name": "rate_limit", "arguments": {"key": "bob", "per_minute": 60, "ratio": 0.5}}],
          "advice": [{"name": "notify", "arguments": {}}], "unknown": [1, 2]}}"""));

    assertThat(response.outcome()).isEqualTo(PdpOutcome.PERMIT);
    assertThat(response.ttl()).isEqualTo(Duration.ofMillis(1500));
    assertThat(response.revision()).isEqualTo("abc");
    assertThat(response.decisionId()).isEqualTo("d-7");
    assertThat(response.reasons()).containsExactly(new Reason("p", "r", "permit", Map.of("severity", "high")));
    Obligation limit = response.obligations().getFirst();
    assertThat(limit.longArgument("per_minute")).hasValue(60);
    assertThat(limit.stringArgument("key")).contains("bob");
    assertThat(limit.argument("ratio")).contains(0.5);
    assertThat(response.advice()).extracting(Obligation::name).containsExactly("notify");
  }

  @Test
  void aBareAnswerIsADecisionThatIsNotReusable() throws Exception {
    PdpResponse response = AuthzenJson.evaluationAnswer(bytes("{\"decision\": false}"));
    assertThat(response.outcome()).isEqualTo(PdpOutcome.DENY);
    assertThat(response.ttl()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "not json",
      "[true]",
      "{\"decision\": \"true\"}",
      "{\"decision\": true} {}",
      "{\"decision\": true, \"decision\": false}",
      "{\"decision\": true, \"context\": {\"outcome\": \"deny\"}}",
      "{\"decision\": false, \"context\": {\"outcome\": \"permit\"}}",
      "{\"decision\": true, \"context\": {\"outcome\": \"maybe\"}}",
      "{\"decision\": true, \"context\": {\"ttl_ms\": -1}}",
      "{\"decision\": true, \"context\": {\"ttl_ms\": 1.5}}",
      "{\"decision\": true, \"context\": {\"obligations\": {}}}",
      "{\"decision\": true, \"context\": {\"obligations\": [{\"arguments\": {}}]}}",
      "{\"decision\": true, \"context\": {\"obligations\": [{\"name\": \"x\", \"arguments\": []}]}}",
      "{\"decision\": true, \"context\": {\"reasons\": [{\"policy\": 1}]}}",
      "{\"decision\": true, \"context\": []}",
  })
  void aMalformedAnswerIsRefusedNeverAPermit(String body) {
    assertThatThrownBy(() -> AuthzenJson.evaluationAnswer(bytes(body)))
        .isInstanceOfSatisfying(CallFailure.class,
            failure -> assertThat(failure.reason()).isEqualTo(DenyReason.MALFORMED_RESPONSE));
  }

  @Test
  void aBatchAnswerHasOneItemPerRequestAndRejectedItemsSayWhy() throws Exception {
    List<BatchItem> items = AuthzenJson.evaluationsAnswer(bytes("""
        {"evaluations": [{"decision": true},
                         {"decision": false, "context": {"error": {"code": "invalid_request", "message": "bad role"}}}]}"""),
        2);
    assertThat(items.get(0)).isInstanceOf(BatchItem.Answered.class);
    assertThat(items.get(1)).isEqualTo(new BatchItem.Rejected("bad role"));

    assertThatThrownBy(() -> AuthzenJson.evaluationsAnswer(bytes("{\"evaluations\": [{\"decision\": true}]}"), 2))
        .hasMessageContaining("1 answers to 2 requests");
    assertThatThrownBy(() -> AuthzenJson.evaluationsAnswer(bytes("{\"decision\": true}"), 1))
        .hasMessageContaining("`evaluations` is not an array");
  }

  @Test
  void anErrorBodyGivesItsMessage() {
    assertThat(AuthzenJson.errorMessage(bytes("{\"code\": \"forbidden\", \"message\": \"no role\"}"))).isEqualTo("no role");
    assertThat(AuthzenJson.errorMessage(bytes("<html>bad gateway</html>"))).isEqualTo("<html>bad gateway</html>");
    assertThat(AuthzenJson.errorCode(bytes("{\"code\": \"replayed_request\", \"message\": \"…\"}")))
        .contains("replayed_request");
    assertThat(AuthzenJson.errorCode(bytes("<html>bad gateway</html>"))).isEmpty();
  }
}
