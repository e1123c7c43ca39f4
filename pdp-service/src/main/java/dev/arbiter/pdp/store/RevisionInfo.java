package dev.arbiter.pdp.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored revision as the admin API lists it.
 *
 * @param number the revision's number, counting up from 1 in upload order
 * @param revision the revision id decisions carry: the first {@value #ID_LENGTH} hex digits of the hash
 * @param contentHash SHA-256 over every file's path and text, in path order
 * @param bundle the bundle's name
 * @param author who uploaded it: the authenticated caller
 * @param createdAt when it was uploaded
 * @param message what the uploader said about it, if anything
 * @param summary what it holds
 */
public record RevisionInfo(long number, String revision, String contentHash, String bundle, String author,
    Instant createdAt, Optional<String> message, Summary summary) {
  /** Length of the revision id: as {@code BundleSource#revision()} computes it. */
  public static final int ID_LENGTH = 12;

  public RevisionInfo {
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(contentHash, "contentHash");
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(summary, "summary");
  }

  /** Counts of what a revision holds. Policies and rules count nested ones too. */
  public record Summary(int policies, int policySets, int rules, int tests, int dataFiles, int files) {}
}
