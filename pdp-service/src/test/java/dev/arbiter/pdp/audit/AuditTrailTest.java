package dev.arbiter.pdp.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.arbiter.audit.AuditFile;
import dev.arbiter.audit.Verification;
import dev.arbiter.pdp.api.v1.Action;
import dev.arbiter.pdp.api.v1.Entity;
import dev.arbiter.pdp.api.v1.EvaluationRequest;
import dev.arbiter.pdp.api.v1.EvaluationResponse;
import dev.arbiter.pdp.api.v1.PdpGrpc;
import dev.arbiter.policy.json.Json.JsonObject;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every protocol's decisions land in the audit file, with what was asked and answered, masked. */
@QuarkusTest
@TestProfile(AuditProfile.class)
class AuditTrailTest {
  static final String SENSITIVE_REQUEST = """
      {"subject": {"type": "identity", "id": "bob",
                   "properties": {"roles": ["user"], "tenant": "acme", "clearance": 2, "scopes": ["files:read"],
                                  "email": "bob.secret@example.com"}},
       "action": {"name": "tools/call"},
       "resource": {"type": "tool", "id": "read_file"},
       "context": {"ip": "203.0.113.77",
                   "arguments": {"path": "/workspace/plans/merger.md", "body": {"text": "confidential merger"}}}}""";

  @Test
  void aRestDecisionIsRecordedWithWhatWasAskedAndAnswered() throws Exception {
    JsonPath answer = evaluate(SENSITIVE_REQUEST);
    String id = answer.getString("context.decision_id");
    JsonObject record = RecordedLines.await(AuditProfile.FILE, id);

    assertThat(RecordedLines.at(record, "caller")).isEqualTo("files-server");
    assertThat(RecordedLines.at(record, "via")).isEqualTo("rest");
    assertThat(RecordedLines.at(record, "subject")).isEqualTo("{\"id\":\"bob\",\"type\":\"identity\"}");
    assertThat(RecordedLines.at(record, "action")).isEqualTo("tools/call");
    assertThat(RecordedLines.at(record, "resource")).isEqualTo("{\"id\":\"read_file\",\"type\":\"tool\"}");
    assertThat(RecordedLines.at(record, "decision")).isEqualTo("permit");
    assertThat(RecordedLines.at(record, "reasons"))
        .isEqualTo("[{\"annotations\":{\"description\":\"Users may call a tool their token's scopes and their"
            + " clearance cover\"},\"effect\":\"permit\",\"policy\":\"scoped-users\",\"rule\":\"scoped\"}]");
    assertThat(RecordedLines.at(record, "obligations")).isEqualTo("[{\"arguments\":{\"fields\":[]},\"name\":\"mask\"},"
        + "{\"arguments\":{\"key\":\"bob\",\"per_minute\":60},\"name\":\"rate_limit\"}]");
    assertThat(RecordedLines.at(record, "revision")).isEqualTo(answer.getString("context.revision"));
    assertThat(Long.parseLong(RecordedLines.at(record, "latency_ns"))).isPositive();
    assertThat(RecordedLines.at(record, "time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    assertThat(RecordedLines.at(record, "request", "resource", "id")).isEqualTo("read_file");
    assertThat(RecordedLines.at(record, "request", "context", "subject_verified")).as("PDP-owned attributes")
        .isEqualTo("false");
  }

  @Test
  void sensitiveValuesAreMaskedAndNeverReachTheFileInClear() throws Exception {
    String id = evaluate(SENSITIVE_REQUEST).getString("context.decision_id");
    JsonObject record = RecordedLines.await(AuditProfile.FILE, id);
    assertThat(RecordedLines.at(record, "request", "subject", "properties", "email")).startsWith("hmac-sha256:");
    assertThat(RecordedLines.at(record, "request", "context", "ip")).startsWith("hmac-sha256:");
    assertThat(RecordedLines.at(record, "request", "context", "arguments", "path")).startsWith("hmac-sha256:");
    assertThat(RecordedLines.at(record, "request", "context", "arguments", "body")).isEqualTo("[redacted]");
    assertThat(RecordedLines.at(record, "masked")).isEqualTo("[\"subject.properties.email\",\"context.ip\","
        + "\"context.arguments.path\",\"context.arguments.body\"]");
    assertThat(Files.readString(AuditProfile.FILE, StandardCharsets.UTF_8))
        .doesNotContain("bob.secret@example.com", "203.0.113.77", "/workspace/plans/merger.md", "confidential merger");
  }

  @Test
  void everyItemOfABatchIsRecorded() throws Exception {
    JsonPath answer = given().contentType(ContentType.JSON).header("X-API-Key", AuditProfile.PEP_KEY).body("""
            {"subject": {"type": "identity", "id": "carol",
                         "properties": {"roles": ["user"], "tenant": "acme", "clearance": 2, "scopes": ["files:read"]}},
             "action": {"name": "tools/call"},
             "options": {"include_context": true},
             "evaluations": [
               {"resource": {"type": "tool", "id": "read_file"}, "context": {"arguments": {"path": "/workspace/a"}}},
               {"resource": {"type": "tool", "id": "read_file"}, "context": {"arguments": {"path": "/etc/passwd"}}},
               {"resource": {"type": "tool", "id": "write_file"}, "context": {"arguments": {"path": "/workspace/b"}}}]}""")
        .post("/access/v1/evaluations").then().statusCode(200).extract().jsonPath();
    List<String> ids = answer.getList("evaluations.context.decision_id");
    assertThat(ids).hasSize(3).doesNotHaveDuplicates();
    List<String> decisions = answer.getList("evaluations.context.outcome");
    for (int i = 0; i < ids.size(); i++) {
      JsonObject record = RecordedLines.await(AuditProfile.FILE, ids.get(i));
      assertThat(RecordedLines.at(record, "decision")).isEqualTo(decisions.get(i));
      assertThat(RecordedLines.at(record, "subject", "id")).isEqualTo("carol");
    }
    assertThat(decisions).containsExactly("permit", "deny", "not_applicable");
  }

  @Test
  void mcpDecisionsAreRecordedAsSuch() throws Exception {
    String id = given().contentType(ContentType.JSON).header("X-API-Key", AuditProfile.PEP_KEY).body("""
            {"message": {"jsonrpc": "2.0", "id": 7, "method": "tools/call",
                         "params": {"name": "read_file", "arguments": {"path": "/workspace/../etc/passwd"}}},
             "claims": {"sub": "dave", "client_id": "claude-desktop", "roles": ["user"], "tenant": "acme",
                        "clearance": 2, "scope": "files:read"}}""")
        .post("/v1/mcp/authorize").then().statusCode(200).extract().path("context.decision_id");
    JsonObject record = RecordedLines.await(AuditProfile.FILE, id);
    assertThat(RecordedLines.at(record, "via")).isEqualTo("mcp");
    assertThat(RecordedLines.at(record, "decision")).isEqualTo("deny");
    assertThat(RecordedLines.at(record, "reasons")).contains("\"rule\":\"outside-sandbox\"");
    assertThat(RecordedLines.at(record, "request", "context", "agent")).isEqualTo("claude-desktop");
    assertThat(RecordedLines.at(record, "request", "context", "arguments", "path")).startsWith("hmac-sha256:");
  }

  @Test
  void grpcDecisionsAreRecordedWithTheirCaller() throws Exception {
    ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
    try {
      Metadata key = new Metadata();
      key.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), AuditProfile.PEP_KEY);
      EvaluationResponse response = PdpGrpc.newBlockingStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(key))
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .evaluate(EvaluationRequest.newBuilder()
              .setSubject(Entity.newBuilder().setType("identity").setId("erin").setProperties(Struct.newBuilder()
                  .putFields("roles", list("user")).putFields("tenant", text("acme"))
                  .putFields("clearance", Value.newBuilder().setNumberValue(2).build())
                  .putFields("scopes", list("files:read"))))
              .setAction(Action.newBuilder().setName("tools/call"))
              .setResource(Entity.newBuilder().setType("tool").setId("read_file"))
              .setContext(Struct.newBuilder().putFields("arguments", Value.newBuilder().setStructValue(
                  Struct.newBuilder().putFields("path", text("/workspace/x"))).build()))
              .build());
      JsonObject record = RecordedLines.await(AuditProfile.FILE, response.getDecisionId());
      assertThat(RecordedLines.at(record, "via")).isEqualTo("grpc");
      assertThat(RecordedLines.at(record, "caller")).isEqualTo("files-server");
      assertThat(RecordedLines.at(record, "decision")).isEqualTo(response.getOutcome());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void theFileIsAnIntactChain() throws Exception {
    String id = evaluate(SENSITIVE_REQUEST).getString("context.decision_id");
    RecordedLines.await(AuditProfile.FILE, id);
    int lines = RecordedLines.lines(AuditProfile.FILE).size();
    assertThat(AuditFile.verify(AuditProfile.FILE)).isInstanceOfSatisfying(Verification.Intact.class,
        intact -> assertThat(intact.head().seq()).isGreaterThanOrEqualTo(lines));
  }

  static JsonPath evaluate(String body) {
    return given().contentType(ContentType.JSON).header("X-API-Key", AuditProfile.PEP_KEY).body(body)
        .post("/access/v1/evaluation").then().statusCode(200).extract().jsonPath();
  }

  private static Value text(String value) {
    return Value.newBuilder().setStringValue(value).build();
  }

  private static Value list(String value) {
    return Value.newBuilder().setListValue(com.google.protobuf.ListValue.newBuilder().addValues(text(value))).build();
  }
}
