package dev.arbiter.pdp.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.arbiter.pdp.WritableBundle;
import dev.arbiter.pdp.api.v1.Action;
import dev.arbiter.pdp.api.v1.BatchRequest;
import dev.arbiter.pdp.api.v1.BatchResponse;
import dev.arbiter.pdp.api.v1.Entity;
import dev.arbiter.pdp.api.v1.EvaluationRequest;
import dev.arbiter.pdp.api.v1.EvaluationResponse;
import dev.arbiter.pdp.api.v1.PdpGrpc;
import dev.arbiter.pdp.api.v1.Revision;
import dev.arbiter.pdp.api.v1.WatchRevisionsRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code arbiter.pdp.v1.Pdp} through a real gRPC channel to the HTTP port. */
@QuarkusTest
@TestProfile(WritableBundle.class)
class PdpGrpcTest {
  private ManagedChannel channel;
  private PdpGrpc.PdpBlockingStub pdp;

  @BeforeEach
  void connect() {
    channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
    pdp = PdpGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  static Entity user(String id, String team) {
    return Entity.newBuilder().setType("user").setId(id).setProperties(Struct.newBuilder()
        .putFields("team", Value.newBuilder().setStringValue(team).build())).build();
  }

  static Entity document(String id, String team) {
    return Entity.newBuilder().setType("document").setId(id).setProperties(Struct.newBuilder()
        .putFields("team", Value.newBuilder().setStringValue(team).build())).build();
  }

  static Action action(String name) {
    return Action.newBuilder().setName(name).build();
  }

  @Test
  void unaryDecisionsExplainThemselves() {
    EvaluationResponse permit = pdp.evaluate(EvaluationRequest.newBuilder()
        .setSubject(user("ana", "blue")).setAction(action("write")).setResource(document("plan", "blue")).build());
    assertThat(permit.getDecision()).isTrue();
    assertThat(permit.getOutcome()).isEqualTo("permit");
    assertThat(permit.getReasonsList()).extracting(r -> r.getPolicy() + "/" + r.getRule())
        .containsExactly("documents/own-team");
    assertThat(permit.getRevision()).isNotEmpty();
    assertThat(permit.getDecisionId()).isNotEmpty();
    assertThat(permit.getTtlMillis()).isPositive();

    EvaluationResponse deny = pdp.evaluate(EvaluationRequest.newBuilder()
        .setSubject(user("bo", "red")).setAction(action("write")).setResource(document("plan", "blue")).build());
    assertThat(deny.getDecision()).isFalse();
    assertThat(deny.getOutcome()).isEqualTo("not_applicable");
  }

  @Test
  void anInvalidRequestIsInvalidArgumentWithTheReason() {
    assertThatThrownBy(() -> pdp.evaluate(EvaluationRequest.newBuilder()
        .setSubject(Entity.newBuilder().setType("user")).setAction(action("read")).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).isEqualTo("`subject.id` is missing; `resource` is missing");
        });
  }

  @Test
  void batchesApplyDefaultsAndKeepOrder() {
    BatchResponse response = pdp.evaluateBatch(BatchRequest.newBuilder()
        .setDefaults(EvaluationRequest.newBuilder().setSubject(user("ana", "blue")).setAction(action("write")))
        .addEvaluations(EvaluationRequest.newBuilder().setResource(document("plan", "blue")))
        .addEvaluations(EvaluationRequest.newBuilder().setResource(document("budget", "red")))
        .addEvaluations(EvaluationRequest.newBuilder().setSubject(user("bo", "red")).setResource(document("budget", "red")))
        .addEvaluations(EvaluationRequest.newBuilder().setSubject(Entity.newBuilder().setType("user")))
        .build());
    assertThat(response.getEvaluationsList()).extracting(EvaluationResponse::getDecision)
        .containsExactly(true, false, true, false);
    assertThat(response.getEvaluations(3).getErrorsList())
        .containsExactly("`subject.id` is missing; `resource` is missing");
  }

  @Test
  void batchesStopAtTheFirstDenyWhenAsked() {
    BatchResponse response = pdp.evaluateBatch(BatchRequest.newBuilder()
        .setDefaults(EvaluationRequest.newBuilder().setSubject(user("ana", "blue")).setAction(action("write")))
        .setSemantic(BatchRequest.Semantic.DENY_ON_FIRST_DENY)
        .addEvaluations(EvaluationRequest.newBuilder().setResource(document("plan", "blue")))
        .addEvaluations(EvaluationRequest.newBuilder().setResource(document("budget", "red")))
        .addEvaluations(EvaluationRequest.newBuilder().setResource(document("plan", "blue")))
        .build());
    assertThat(response.getEvaluationsList()).extracting(EvaluationResponse::getDecision).containsExactly(true, false);
  }

  @Test
  void watchRevisionsAnnouncesANewRevisionAfterAPolicyFileChanges() throws IOException {
    Iterator<Revision> revisions = pdp.watchRevisions(WatchRevisionsRequest.getDefaultInstance());
    Revision current = revisions.next();
    assertThat(current.getBundle()).isEqualTo("hello");
    assertThat(current.getRevision()).isNotEmpty();

    String policy = Files.readString(WritableBundle.POLICY);
    Files.writeString(WritableBundle.POLICY, policy.replace("// Anyone may read", "// Still, anyone may read"));
    try {
      Revision next = revisions.next();
      assertThat(next.getRevision()).isNotEqualTo(current.getRevision());
      assertThat(next.getActivatedAt()).isGreaterThan(current.getActivatedAt());
    } finally {
      Files.writeString(WritableBundle.POLICY, policy);
    }
  }
}
