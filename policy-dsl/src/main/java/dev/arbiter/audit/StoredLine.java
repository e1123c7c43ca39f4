package dev.arbiter.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * A file line split back into the canonical record and its hash: the inverse of {@link
 * ChainedRecord#line()}. Purely by bytes: the line must end with {@code ,"hash":"<64 hex>"}}.
 */
public record StoredLine(byte[] canonical, String hash) {
  private static final int SUFFIX = AuditChain.hashMember(AuditChain.GENESIS).length;
  private static final int HASH_OFFSET = SUFFIX - 64 - 2;

  public StoredLine {
    canonical = canonical.clone();
  }

  @Override
  public byte[] canonical() {
    return canonical.clone();
  }

  /** The record and hash of a line without its newline, or empty when it does not end as lines do. */
  public static Optional<StoredLine> split(byte[] line) {
    if (line.length < SUFFIX + 2) {
      return Optional.empty();
    }
    int start = line.length - SUFFIX;
    String hash = new String(line, start + HASH_OFFSET, 64, StandardCharsets.ISO_8859_1);
    if (!AuditChain.isHash(hash) || !Arrays.equals(line, start, line.length, AuditChain.hashMember(hash), 0, SUFFIX)) {
      return Optional.empty();
    }
    byte[] canonical = Arrays.copyOf(line, start + 1);
    canonical[start] = '}';
    return Optional.of(new StoredLine(canonical, hash));
  }

  /** The record's JSON object, if its bytes are one. */
  public Optional<dev.arbiter.policy.json.Json.JsonObject> record() {
    return ChainVerifier.read(canonical);
  }
}
