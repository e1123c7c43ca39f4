package dev.arbiter.audit;

/** What verifying a whole chain found. */
public sealed interface Verification {

  /**
   * Every record verifies.
   *
   * @param head the last record's seq and hash, to compare with what the service reports
   * @param tornBytes the length of an incomplete final line a crash left behind (a file only); it
   *     was never persisted, so it is not part of the chain and not counted as tampering
   */
  record Intact(ChainHead head, long tornBytes) implements Verification {}

  /** The chain breaks at {@code at}; nothing after it was checked. */
  record Broken(Break at) implements Verification {}
}
