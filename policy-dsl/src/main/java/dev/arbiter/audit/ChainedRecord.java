package dev.arbiter.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A record placed in a chain: its number, its canonical bytes (with {@code seq}, without {@code
 * hash}) and its hash. Immutable; the array is copied in and out.
 */
public record ChainedRecord(long seq, byte[] canonical, String hash) {
  public ChainedRecord {
    canonical = canonical.clone();
    if (canonical.length < 2 || canonical[canonical.length - 1] != '}') {
      throw new IllegalArgumentException("a canonical record is a JSON object");
    }
    if (!AuditChain.isHash(hash)) {
      throw new IllegalArgumentException("a hash is 64 lowercase hex digits");
    }
  }

  @Override
  public byte[] canonical() {
    return canonical.clone();
  }

  /** The canonical record as text, as the database keeps it. */
  public String text() {
    return new String(canonical, StandardCharsets.UTF_8);
  }

  /** The head of the chain once this record is in it. */
  public ChainHead head() {
    return new ChainHead(seq, hash);
  }

  /**
   * The JSON line a file keeps: the canonical record with {@code ,"hash":"…"} before its closing
   * brace, then a newline.
   */
  public byte[] line() {
    byte[] suffix = AuditChain.hashMember(hash);
    byte[] line = Arrays.copyOf(canonical, canonical.length - 1 + suffix.length + 1);
    System.arraycopy(suffix, 0, line, canonical.length - 1, suffix.length);
    line[line.length - 1] = '\n';
    return line;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChainedRecord that && seq == that.seq && hash.equals(that.hash)
        && Arrays.equals(canonical, that.canonical);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(seq) * 31 + hash.hashCode();
  }

  @Override
  public String toString() {
    return "ChainedRecord[seq=" + seq + ", hash=" + hash + "]";
  }
}
