package dev.arbiter.pdp.store;

import dev.arbiter.pdp.bundle.BundleStore;
import dev.arbiter.policy.compile.CompiledBundle;
import dev.arbiter.policy.diagnostic.Diagnostic;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * A store that keeps every revision and lets the admin API change which one is active. Methods block
 * (they talk to the database); call them from worker threads. Thread-safe.
 */
public interface RevisionStore extends BundleStore {
  /** Checks and compiles {@code files}; stores them as a new revision only if they have no errors. */
  Upload upload(BundleFiles files, String author, Optional<String> message);

  /** Every revision, newest first. */
  List<RevisionInfo> list();

  /** One revision with its files and its compiled form. */
  Optional<StoredRevision> revision(long number);

  /** Makes revision {@code number} the active one on every replica, atomically. */
  Activation activate(long number, String by);

  /** Makes the revision active before the current activation the active one again. */
  Activation rollback(String by);

  /** The number of the active revision, if one is. */
  Optional<Long> activeNumber();

  /** What an upload did. */
  sealed interface Upload {}

  /**
   * Stored; {@code created} is false when a revision with the same files already existed. The
   * checker's warnings come along.
   */
  record Stored(RevisionInfo revision, boolean created, List<Diagnostic> warnings) implements Upload {
    public Stored {
      warnings = List.copyOf(warnings);
    }
  }

  /** Refused with the checker's errors; nothing was stored. */
  record Invalid(List<Diagnostic> errors) implements Upload {
    public Invalid {
      errors = List.copyOf(errors);
    }
  }

  /** What an activation or rollback did. */
  sealed interface Activation {}

  record Activated(RevisionInfo revision, Instant at) implements Activation {}

  record UnknownRevision(long number) implements Activation {}

  /** No earlier activation to go back to. */
  record NothingToRollBack() implements Activation {}

  /** The revision exists but this version of the service cannot compile it. */
  record Uncompilable(long number, List<Diagnostic> errors) implements Activation {
    public Uncompilable {
      errors = List.copyOf(errors);
    }
  }

  /** A revision with its files, compiled (empty if this version of the service cannot compile it). */
  record StoredRevision(RevisionInfo info, SortedMap<String, String> files, Optional<CompiledBundle> bundle) {}
}
