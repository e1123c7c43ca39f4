package dev.arbiter.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * The first record where a chain stops verifying, and why.
 *
 * @param position the record's place in the store, from 1: its line in a file, its row in seq
 *     order in a table
 * @param kind its kind, when it could be read
 * @param recordId its decision id (a decision) or id (any other kind), when it could be read
 * @param reason what is wrong, for people
 */
public record Break(long position, Optional<RecordKind> kind, Optional<String> recordId, String reason) {
  public Break {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(reason, "reason");
  }

  /** A break where nothing of the record could be read. */
  static Break unreadable(long position, String reason) {
    return new Break(position, Optional.empty(), Optional.empty(), reason);
  }

  /** The decision id, when the record is a decision. */
  public Optional<String> decisionId() {
    return kind.filter(RecordKind.DECISION::equals).flatMap(decision -> recordId);
  }

  @Override
  public String toString() {
    String label = recordId.map(id -> " (" + kind.map(k -> k.code().replace('_', ' ')).orElse("record") + " " + id
        + ")").orElse("");
    return "record " + position + label + ": " + reason;
  }
}
