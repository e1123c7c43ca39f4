package dev.arbiter.audit;

import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonNumber;
import dev.arbiter.policy.json.Json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hash chain every audit sink keeps. Record {@code n} (numbered from 1 by its {@code seq}
 * field) carries {@code hash(n) = SHA-256(hash(n-1) ‖ canonical(n))}, where {@code hash(n-1)} is
 * the previous record's 32-byte hash ({@link #GENESIS}, 32 zero bytes, before the first record)
 * and {@code canonical(n)} is the {@linkplain CanonicalJson canonical encoding} of the record
 * without its {@code hash} member. Changing, removing, inserting or moving any record therefore
 * changes the hash that every later record must carry.
 *
 * <p>A sink's stored line is the canonical record with {@code ,"hash":"<64 lowercase hex
 * digits>"} put before its closing brace and a newline after it; see {@link ChainedRecord#line()}.
 */
public final class AuditChain {
  /** The hash before the first record: 32 zero bytes, as 64 hex digits. */
  public static final String GENESIS = "0".repeat(64);

  /** The member that holds a record's position in its chain, from 1. */
  public static final String SEQ = "seq";

  /** The member a stored line adds for the record's hash. */
  public static final String HASH = "hash";

  static final HexFormat HEX = HexFormat.of();

  private AuditChain() {}

  /** {@code SHA-256(previous ‖ canonicalRecord)} as 64 lowercase hex digits. */
  public static String link(String previous, byte[] canonicalRecord) {
    MessageDigest sha256 = sha256();
    sha256.update(HEX.parseHex(previous));
    sha256.update(canonicalRecord);
    return HEX.formatHex(sha256.digest());
  }

  /**
   * The record after {@code head}: {@code fields} with {@code seq} set to the next number, encoded
   * and hashed. {@code fields} must not carry {@code seq} or {@code hash} itself.
   */
  public static ChainedRecord append(ChainHead head, JsonObject fields) {
    if (fields.members().containsKey(SEQ) || fields.members().containsKey(HASH)) {
      throw new IllegalArgumentException("the chain sets `seq` and `hash` itself");
    }
    long seq = head.seq() + 1;
    Map<String, Json> members = new LinkedHashMap<>(fields.members());
    members.put(SEQ, new JsonNumber(seq, 0, 0));
    byte[] canonical = CanonicalJson.encode(new JsonObject(members, 0, 0));
    return new ChainedRecord(seq, canonical, link(head.hash(), canonical));
  }

  /** Whether {@code text} is a hash as the chain writes it: 64 lowercase hex digits. */
  public static boolean isHash(String text) {
    if (text == null || text.length() != 64) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The suffix a stored line puts before its closing brace. */
  static byte[] hashMember(String hash) {
    return (",\"" + HASH + "\":\"" + hash + "\"}").getBytes(StandardCharsets.US_ASCII);
  }
}
