package dev.arbiter.audit;

/**
 * The end of a chain: the last record's {@code seq} and hash, or {@link #GENESIS} for an empty
 * chain. Whoever appends next links to it.
 */
public record ChainHead(long seq, String hash) {
  public static final ChainHead GENESIS = new ChainHead(0, AuditChain.GENESIS);

  public ChainHead {
    if (seq < 0) {
      throw new IllegalArgumentException("seq is 0 for an empty chain, positive otherwise: " + seq);
    }
    if (!AuditChain.isHash(hash)) {
      throw new IllegalArgumentException("a hash is 64 lowercase hex digits");
    }
  }
}
