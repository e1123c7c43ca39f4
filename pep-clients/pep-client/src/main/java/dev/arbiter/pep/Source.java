package dev.arbiter.pep;

/** Where the answer behind a {@link Decision} came from. */
public enum Source {
  /** The PDP answered this call. */
  REMOTE,
  /** A cached answer of the PDP, still within its time to live and of the current revision. */
  CACHE,
  /**
   * A cached permit past its time to live, used because the PDP could not be asked and a grace
   * period is configured. Only ever a permit.
   */
  GRACE,
  /** No answer of the PDP: the decision is the client's own deny. */
  NONE
}
