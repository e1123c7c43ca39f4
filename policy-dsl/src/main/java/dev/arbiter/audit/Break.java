package dev.arbiter.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * The first record where a chain stops verifying, and why.
 *
 * @param position the record's place in the store, from 1: its line in a file, its row in seq
 *     order in a table
 * @param decisionId its decision id, when it could be read
 * @param reason what is wrong, for people
 */
public record Break(long position, Optional<String> decisionId, String reason) {
  public Break {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return "record " + position + decisionId.map(id -> " (decision " + id + ")").orElse("") + ": " + reason;
  }
}
