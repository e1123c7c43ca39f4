package dev.arbiter.pdp.audit;

import dev.arbiter.audit.AuditNote;
import java.util.Objects;

/**
 * What waits in the audit queue: a decision, masked and encoded by the writer, or a note of another
 * kind, masked already by whoever wrote it.
 */
sealed interface Pending permits AuditedDecision, Pending.Note {

  /** For the logs, when the record is lost: {@code decision 2e59…-1}, {@code grant 4f1c…-3}. */
  String describe();

  /** A record of another kind than a decision, ready to be chained. */
  record Note(AuditNote note) implements Pending {
    public Note {
      Objects.requireNonNull(note, "note");
    }

    @Override
    public String describe() {
      return note.kind().code().replace('_', ' ') + " " + note.id();
    }
  }
}
