package dev.arbiter.audit;

import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonArray;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Chains of plausible decision records, for tests that tamper with them. */
public final class TestChains {
  private TestChains() {}

  /** The {@code n}th decision (from 1): alternately a permit and a deny of bob. */
  public static AuditEvent event(int n) {
    boolean permit = n % 2 == 1;
    JsonObject request = new JsonObject(Map.of(
        "subject", new JsonObject(Map.of("type", text("identity"), "id", text("bob")), 0, 0),
        "context", new JsonObject(Map.of("arguments", new JsonObject(Map.of("path", text("/workspace/" + n)), 0, 0)),
            0, 0)), 0, 0);
    return new AuditEvent("d-" + n, Instant.parse("2026-03-02T10:00:00Z").plusMillis(n), "pep", "rest",
        new AuditEvent.Entity("identity", "bob"), "tools/call", new AuditEvent.Entity("tool", "read_file"),
        permit ? "permit" : "deny",
        List.of(new AuditEvent.Reason(permit ? "scoped-users" : "filesystem-sandbox", permit ? "scoped" : "outside",
            permit ? "permit" : "deny", Map.of())),
        new JsonArray(List.<Json>of(), 0, 0), List.of(), "rev1", 1000 + n, request, List.of());
  }

  /** The {@code n}th grant note (from 1): session {@code s-42} granted a path for ten minutes. */
  public static AuditNote note(int n) {
    JsonObject details = new JsonObject(Map.of(
        "permissions", new JsonArray(List.of(text("tools/call:read_file:/workspace/*")), 0, 0),
        "ttl", text("PT10M"), "reason", text("summarize the notes")), 0, 0);
    return new AuditNote(RecordKind.GRANT, "n-" + n, Instant.parse("2026-03-02T10:00:00Z").plusMillis(n),
        "orchestrator", "issued", java.util.Optional.of(new AuditEvent.Entity("session", "s-42")),
        java.util.Optional.of(new AuditEvent.Entity("grant", "grt-" + n)), details, List.of());
  }

  /** {@code count} records chained from genesis: decisions, with every third a grant note. */
  public static List<ChainedRecord> mixed(int count) {
    List<ChainedRecord> records = new ArrayList<>();
    ChainHead head = ChainHead.GENESIS;
    for (int n = 1; n <= count; n++) {
      ChainedRecord record = AuditChain.append(head, n % 3 == 0 ? note(n).toJson() : event(n).toJson());
      records.add(record);
      head = record.head();
    }
    return records;
  }

  /** {@code count} records chained from genesis. */
  public static List<ChainedRecord> chain(int count) {
    List<ChainedRecord> records = new ArrayList<>();
    ChainHead head = ChainHead.GENESIS;
    for (int n = 1; n <= count; n++) {
      ChainedRecord record = AuditChain.append(head, event(n).toJson());
      records.add(record);
      head = record.head();
    }
    return records;
  }

  /** The file's lines, each without its newline. */
  public static List<String> lines(List<ChainedRecord> records) {
    return records.stream().map(r -> new String(r.line(), StandardCharsets.UTF_8).stripTrailing()).toList();
  }

  /** Writes lines, each followed by a newline. */
  public static Path write(Path file, List<String> lines) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (String line : lines) {
      bytes.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return Files.write(file, bytes.toByteArray());
  }

  private static JsonString text(String value) {
    return new JsonString(value, 0, 0);
  }
}
