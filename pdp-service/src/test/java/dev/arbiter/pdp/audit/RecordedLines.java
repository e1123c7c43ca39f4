package dev.arbiter.pdp.audit;

import dev.arbiter.audit.StoredLine;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads records back from an audit file, waiting for the writer where needed. */
final class RecordedLines {
  private RecordedLines() {}

  /** The record of {@code decisionId}, once the writer has persisted it. */
  static JsonObject await(Path file, String decisionId) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      Optional<JsonObject> record = find(file, decisionId);
      if (record.isPresent()) {
        return record.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("decision " + decisionId + " was not recorded in " + file + " within 20 s");
  }

  static Optional<JsonObject> find(Path file, String decisionId) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String quoted = "\"decision_id\":\"" + decisionId + "\"";
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.contains(quoted)) {
        return StoredLine.split(line.getBytes(StandardCharsets.UTF_8)).flatMap(StoredLine::record);
      }
    }
    return Optional.empty();
  }

  /** The member at a path of a record, as a string (JSON text for non-strings). */
  static String at(JsonObject record, String... path) {
    Json node = record;
    for (String key : path) {
      node = node instanceof JsonObject object ? object.members().get(key) : null;
      if (node == null) {
        return null;
      }
    }
    return switch (node) {
      case Json.JsonString text -> text.value();
      case Json.JsonNumber number -> number.value().toString();
      default -> new String(dev.arbiter.audit.CanonicalJson.encode(node), StandardCharsets.UTF_8);
    };
  }

  static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }
}
