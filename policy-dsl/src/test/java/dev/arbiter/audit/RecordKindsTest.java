package dev.arbiter.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records of other kinds than decisions share the chain: hashed, verified and indexed alike. */
class RecordKindsTest {
  @TempDir Path dir;

  private final List<ChainedRecord> records = TestChains.mixed(7);
  private final List<String> lines = new ArrayList<>(TestChains.lines(records));

  @Test
  void aChainOfDecisionsAndNotesVerifies() throws IOException {
    assertThat(AuditFile.verify(TestChains.write(dir.resolve("audit.jsonl"), lines)))
        .isEqualTo(new Verification.Intact(records.getLast().head(), 0));
  }

  @Test
  void aNoteNamesItsKindAndKeepsEverythingElseInItsOwnMembers() {
    assertThat(lines.get(2)).isEqualTo("{\"action\":\"issued\",\"caller\":\"orchestrator\",\"details\":{"
        + "\"permissions\":[\"tools/call:read_file:/workspace/*\"],\"reason\":\"summarize the notes\",\"ttl\":\"PT10M\"},"
        + "\"id\":\"n-3\",\"kind\":\"grant\",\"masked\":[],\"resource\":{\"id\":\"grt-3\",\"type\":\"grant\"},\"seq\":3,"
        + "\"subject\":{\"id\":\"s-42\",\"type\":\"session\"},\"time\":\"2026-03-02T10:00:00.003000Z\",\"v\":1,"
        + "\"hash\":\"" + records.get(2).hash() + "\"}");
  }

  @Test
  void aDecisionRecordHasNoKindAndReadsAsADecision() {
    JsonObject decision = record(0);
    assertThat(decision.members()).doesNotContainKey("kind");
    assertThat(AuditColumns.kind(decision)).contains(RecordKind.DECISION);
    assertThat(AuditColumns.of(decision).orElseThrow().byName()).containsEntry("kind", "decision")
        .containsEntry("decision_id", "d-1").containsEntry("decision", "permit");
  }

  @Test
  void aNoteHasTheColumnsItNamesAndNullForTheRest() {
    Map<String, Object> columns = AuditColumns.of(record(2)).orElseThrow().byName();
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("seq", 3L);
    expected.put("decision_id", "n-3");
    expected.put("decided_at", Instant.parse("2026-03-02T10:00:00.003Z"));
    expected.put("caller", "orchestrator");
    expected.put("subject_type", "session");
    expected.put("subject_id", "s-42");
    expected.put("action", "issued");
    expected.put("resource_type", "grant");
    expected.put("resource_id", "grt-3");
    expected.put("decision", null);
    expected.put("revision", null);
    expected.put("kind", "grant");
    assertThat(columns).containsExactlyEntriesOf(expected);
  }

  @Test
  void aNoteWithoutSubjectOrResourceHasNullColumnsThere() {
    AuditNote note = new AuditNote(RecordKind.BLOCKLIST, "n-1", Instant.parse("2026-03-02T10:00:00Z"), "ops",
        "removed", Optional.empty(), Optional.empty(), new JsonObject(Map.of(), 0, 0), List.of());
    JsonObject record = StoredLine.split(line(AuditChain.append(ChainHead.GENESIS, note.toJson()))).orElseThrow()
        .record().orElseThrow();
    AuditColumns columns = AuditColumns.of(record).orElseThrow();
    assertThat(columns.kind()).isEqualTo(RecordKind.BLOCKLIST);
    assertThat(columns.subjectId()).isNull();
    assertThat(columns.resourceType()).isNull();
  }

  @Test
  void anUnknownKindHasNoColumnsButTheChainStillVerifies() throws IOException {
    JsonObject odd = new JsonObject(Map.of("kind", new JsonString("weather", 0, 0), "id", new JsonString("w-1", 0, 0)),
        0, 0);
    ChainedRecord chained = AuditChain.append(records.getLast().head(), odd);
    assertThat(AuditColumns.of(StoredLine.split(line(chained)).orElseThrow().record().orElseThrow())).isEmpty();
    lines.add(new String(line(chained), StandardCharsets.UTF_8));
    assertThat(AuditFile.verify(TestChains.write(dir.resolve("audit.jsonl"), lines)))
        .isEqualTo(new Verification.Intact(chained.head(), 0));
  }

  @Test
  void aModifiedNoteIsNamedByItsKindAndId() throws IOException {
    lines.set(2, lines.get(2).replace("PT10M", "PT10H"));
    Verification verification = AuditFile.verify(TestChains.write(dir.resolve("audit.jsonl"), lines));
    assertThat(verification).isInstanceOfSatisfying(Verification.Broken.class, broken -> {
      assertThat(broken.at().position()).isEqualTo(3);
      assertThat(broken.at().kind()).contains(RecordKind.GRANT);
      assertThat(broken.at().recordId()).contains("n-3");
      assertThat(broken.at().decisionId()).as("not a decision").isEmpty();
      assertThat(broken.at()).hasToString("record 3 (grant n-3): its hash does not follow from its content and the"
          + " record before it: it was modified, or replaced");
    });
  }

  @Test
  void recoveryContinuesAfterANote() throws IOException {
    Path file = TestChains.write(dir.resolve("audit.jsonl"), lines.subList(0, 6));
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      assertThat(AuditFile.recover(channel, file).head()).isEqualTo(records.get(5).head());
    }
  }

  @Test
  void kindsHaveStableCodes() {
    assertThat(List.of(RecordKind.values())).extracting(RecordKind::code)
        .containsExactly("decision", "grant", "blocklist", "incident", "security_event");
    assertThat(RecordKind.ofCode("security_event")).contains(RecordKind.SECURITY_EVENT);
    assertThat(RecordKind.ofCode("Grant")).isEmpty();
  }

  private JsonObject record(int index) {
    return StoredLine.split(lines.get(index).getBytes(StandardCharsets.UTF_8)).orElseThrow().record().orElseThrow();
  }

  private static byte[] line(ChainedRecord record) {
    byte[] line = record.line();
    return java.util.Arrays.copyOf(line, line.length - 1);
  }
}
