package dev.arbiter.audit;

import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonNumber;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import dev.arbiter.policy.json.JsonReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Walks a chain from its first record, recomputing every hash, and names the first record that
 * does not verify: one that is not a record, not in canonical form, out of sequence (a record
 * before it was removed, or one was inserted or moved), whose hash does not follow from its content
 * and its predecessor (modified), or, in a database, whose columns no longer say what its hashed
 * text says. Not thread-safe: one verifier per walk.
 */
public final class ChainVerifier {
  /** Records nest the request a little deeper than requests may nest themselves. */
  private static final JsonReader READER = new JsonReader(new JsonReader.Limits(64, 1 << 20, 64L << 20));

  private ChainHead head = ChainHead.GENESIS;
  private long position;

  /** The record a line of a file holds (without its newline). */
  public Optional<Break> line(byte[] line) {
    position++;
    Optional<StoredLine> stored = StoredLine.split(line);
    if (stored.isEmpty()) {
      Optional<JsonObject> readable = read(line);
      return broken(readable, readable.isPresent()
          ? "it does not end with a `hash` member as the service writes it"
          : "it is not a JSON record: " + why(line));
    }
    return next(stored.get().canonical(), stored.get().hash(), Optional.empty());
  }

  /** The record a database row holds: its text, its hash and the columns stored beside them. */
  public Optional<Break> row(String text, String hash, AuditColumns columns) {
    position++;
    return next(text.getBytes(StandardCharsets.UTF_8), hash, Optional.of(columns));
  }

  /** The end of the records verified so far. */
  public ChainHead head() {
    return head;
  }

  private Optional<Break> next(byte[] canonical, String storedHash, Optional<AuditColumns> columns) {
    Optional<JsonObject> record = read(canonical);
    if (record.isEmpty()) {
      return broken(Optional.empty(), "it is not a JSON record: " + why(canonical));
    }
    if (!Arrays.equals(CanonicalJson.encode(record.get()), canonical)) {
      return broken(record, "its text is not the canonical encoding of its content: it was edited");
    }
    long expected = head.seq() + 1;
    if (!(record.get().members().get(AuditChain.SEQ) instanceof JsonNumber number)
        || !(number.value() instanceof Long seq)) {
      return broken(record, "it has no numeric `seq`");
    }
    if (seq != expected) {
      return broken(record, seq > expected
          ? "its seq is " + seq + " where " + expected + " was expected: record " + expected
              + " is missing (deleted, or moved)"
          : "its seq is " + seq + " where " + expected + " was expected: it was inserted or moved here");
    }
    if (!AuditChain.isHash(storedHash)) {
      return broken(record, "its hash is not 64 lowercase hex digits");
    }
    String computed = AuditChain.link(head.hash(), canonical);
    if (!computed.equals(storedHash)) {
      return broken(record, "its hash does not follow from its content and the record before it:"
          + " it was modified, or replaced");
    }
    if (columns.isPresent()) {
      Optional<String> mismatch = mismatch(columns.get(), record.get());
      if (mismatch.isPresent()) {
        return broken(record, mismatch.get());
      }
    }
    head = new ChainHead(seq, computed);
    return Optional.empty();
  }

  /** The first column that no longer says what the hashed record says. */
  private static Optional<String> mismatch(AuditColumns stored, JsonObject record) {
    Optional<AuditColumns> recorded = AuditColumns.of(record);
    if (recorded.isEmpty()) {
      return Optional.of("its text lacks the fields its columns repeat");
    }
    Map<String, Object> expected = recorded.get().byName();
    for (Map.Entry<String, Object> column : stored.byName().entrySet()) {
      Object wanted = expected.get(column.getKey());
      if (!Objects.equals(column.getValue(), wanted)) {
        return Optional.of("column `" + column.getKey() + "` is \"" + column.getValue() + "\" but the hashed record says \""
            + wanted + "\": the row was changed");
      }
    }
    return Optional.empty();
  }

  private Optional<Break> broken(Optional<JsonObject> record, String reason) {
    Optional<RecordKind> kind = record.flatMap(AuditColumns::kind);
    Optional<String> id = record.flatMap(object -> kind.isPresent() && kind.get() == RecordKind.DECISION
        ? text(object, "decision_id") : text(object, "id"));
    return Optional.of(new Break(position, kind, id, reason));
  }

  /** A record's JSON object, if the bytes are one. */
  static Optional<JsonObject> read(byte[] bytes) {
    return READER.read(new String(bytes, StandardCharsets.UTF_8)) instanceof JsonReader.Parsed parsed
        && parsed.json() instanceof JsonObject object ? Optional.of(object) : Optional.empty();
  }

  private static String why(byte[] bytes) {
    return switch (READER.read(new String(bytes, StandardCharsets.UTF_8))) {
      case JsonReader.Failed failed -> failed.failure().message() + " at column " + failed.failure().column();
      case JsonReader.Parsed parsed -> "it is a JSON " + parsed.json().kind() + ", not an object";
    };
  }

  private static Optional<String> text(JsonObject record, String member) {
    Json id = record.members().get(member);
    return id instanceof JsonString text ? Optional.of(text.value()) : Optional.empty();
  }
}
