package dev.arbiter.pdp.bundle;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the store is doing: the active revision, when the last change was tried, and what was wrong
 * with it if it was refused.
 *
 * @param source where the policies are read from
 * @param active the revision in use, if any
 * @param lastAttempt when a change was last compiled
 * @param lastProblems the diagnostics of the last refused change, as {@code file:line:col: code: message}
 * @param reloadFailures how many changes were refused since start
 */
public record StoreStatus(
    String source,
    Optional<ActiveRevision> active,
    Optional<Instant> lastAttempt,
    List<String> lastProblems,
    long reloadFailures) {
  public StoreStatus {
    lastProblems = List.copyOf(lastProblems);
  }
}
