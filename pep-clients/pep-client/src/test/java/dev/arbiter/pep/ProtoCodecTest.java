package dev.arbiter.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.pdp.api.v1.BatchResponse;
import dev.arbiter.pdp.api.v1.EvaluationResponse;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtoCodecTest {
  @Test
  void valuesSurviveTheStructAndIntegralNumbersComeBackAsLong() {
    Map<String, Object> values = new HashMap<>();
    values.put("text", "x");
    values.put("flag", true);
    values.put("count", 60L);
    values.put("ratio", 0.25);
    values.put("none", null);
    values.put("list", List.of(1L, "a", List.of()));
    values.put("nested", Map.of("deep", Map.of("n", -3L)));
    values.put("huge", 1e300);

    assertThat(ProtoCodec.map(ProtoCodec.struct(JsonValues.object(values, "test")))).isEqualTo(values);
  }

  @Test
  void aBatchSharesItsSubjectTokenThroughTheDefaults() {
    AccessRequest request = AccessRequest.of(Subject.of("user", "ana"), Action.of("read"), Resource.of("doc", "1"))
        .withSubjectToken("token");
    var batch = ProtoCodec.batch(List.of(request, request));
    assertThat(batch.getDefaults().getSubjectToken()).isEqualTo("token");
    assertThat(batch.getEvaluationsList()).allSatisfy(item -> assertThat(item.getSubjectToken()).isEmpty());
  }

  @Test
  void anAnswerThatContradictsItselfIsMalformed() {
    for (EvaluationResponse response : Arrays.asList(
        EvaluationResponse.newBuilder().setDecision(true).setOutcome("deny").build(),
        EvaluationResponse.newBuilder().setDecision(true).setOutcome("").build(),
        EvaluationResponse.newBuilder().setDecision(false).setOutcome("not_applicable").setTtlMillis(-5).build(),
        EvaluationResponse.newBuilder().setDecision(true).setOutcome("permit")
            .addObligations(dev.arbiter.pdp.api.v1.Obligation.newBuilder()).build())) {
      assertThatThrownBy(() -> ProtoCodec.response(response)).isInstanceOfSatisfying(CallFailure.class,
          failure -> assertThat(failure.reason()).isEqualTo(DenyReason.MALFORMED_RESPONSE));
    }
    assertThatThrownBy(() -> ProtoCodec.batch(BatchResponse.getDefaultInstance(), 1))
        .hasMessageContaining("0 answers to 1 requests");
  }

  @Test
  void anInvalidBatchItemIsARejection() throws Exception {
    BatchResponse response = BatchResponse.newBuilder()
        .addEvaluations(EvaluationResponse.newBuilder().setOutcome("invalid").addErrors("bad role").addErrors("bad id"))
        .build();
    assertThat(ProtoCodec.batch(response, 1)).containsExactly(new BatchItem.Rejected("bad role; bad id"));
  }
}
