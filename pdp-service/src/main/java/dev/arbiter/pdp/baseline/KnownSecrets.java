package dev.arbiter.pdp.baseline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Recognizes secrets nobody should run with: values that appear in documentation, examples and
 * tests, common words, and keys that were typed rather than drawn at random. Answers why, never the
 * value.
 */
final class KnownSecrets {
  /** Words people type as a secret. */
  static final List<String> COMMON = List.of("", "test", "secret", "password", "passw0rd", "changeit", "changeme",
      "admin", "root", "arbiter", "key", "apikey", "api-key", "token", "example", "sample", "demo", "dev",
      "development", "letmein", "qwerty", "123456", "12345678", "postgres");

  /**
   * Secrets published in this repository, which anyone can read: the API key whose hash
   * docs/service.md shows ({@code test}, among the words above), the README's database password
   * ({@code secret}), the dev overlay's, and the fixed keys and passwords of the service's tests.
   */
  static final List<String> PUBLISHED = List.of("dev-only-not-a-secret", "arbiter-test",
      "pep-5b2e8f0a1c3d4e5f60718293a4b5c6d7", "auditor-9a8b7c6d5e4f30211f2e3d4c5b6a7988",
      "admin-0a1b2c3d4e5f60718293a4b5c6d7e8f9", "pep-9e1c0b3f4e5a69788f1e2d3c4b5a6978",
      "orch-9e1c0b3f4e5a69788f1e2d3c4b5a6978", "audit-9e1c0b3f4e5a69788f1e2d3c4b5a6978",
      "pep-5e1c0b3f4e5a69788f1e2d3c4b5a6978", "audit-5e1c0b3f4e5a69788f1e2d3c4b5a6978",
      "pep-7d1c0b3f4e5a69788f1e2d3c4b5a6978", "audit-0f1e2d3c4b5a69780f1e2d3c4b5a6978",
      "admin-5e1f0c2d3b4a59687e1d2c3b4a596877", "client-4d3c2b1a0f9e8d7c6b5a49382716a5b4", "pep-test-key-4f1c2a");

  /** Random keys of 32 bytes or more show far more distinct byte values than this. */
  static final int MIN_DISTINCT_BYTES = 16;

  private static final Set<String> KNOWN_HASHES = knownHashes();

  private KnownSecrets() {}

  /** Why an API key's configured hash ({@code sha256:<hex>}) is a well-known key, if it is. */
  static Optional<String> apiKeyHash(String configured) {
    String hex = configured.trim().toLowerCase(Locale.ROOT);
    if (hex.startsWith("sha256:")) {
      hex = hex.substring("sha256:".length());
    }
    return KNOWN_HASHES.contains(hex)
        ? Optional.of("is the hash of a common word or of a key published in Arbiter's documentation or tests")
        : Optional.empty();
  }

  /** Why a base64 HMAC key (masking, request signing) is not a random secret, if it is not. */
  static Optional<String> hmacKey(String base64) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // the service refuses it at start
    }
    return hmacKey(key);
  }

  /** Why an HMAC key's bytes are not a random secret, if they are not. */
  static Optional<String> hmacKey(byte[] key) {
    if (key.length == 0) {
      return Optional.of("is empty");
    }
    boolean text = true;
    Set<Byte> distinct = new HashSet<>();
    for (byte b : key) {
      text &= b >= 0x20 && b < 0x7f;
      distinct.add(b);
    }
    if (text) {
      return Optional.of("is readable text, not random bytes");
    }
    if (distinct.size() < Math.min(MIN_DISTINCT_BYTES, key.length)) {
      return Optional.of("repeats too few byte values to be random");
    }
    return Optional.empty();
  }

  /** Why a password is well known, if it is. */
  static Optional<String> password(String password) {
    String word = password.trim().toLowerCase(Locale.ROOT);
    if (word.isEmpty()) {
      return Optional.of("is empty");
    }
    if (COMMON.contains(word)) {
      return Optional.of("is a common word");
    }
    return PUBLISHED.contains(password.trim()) ? Optional.of("is published in Arbiter's documentation or tests")
        : Optional.empty();
  }

  private static Set<String> knownHashes() {
    try {
      Set<String> hashes = new HashSet<>();
      for (String word : java.util.stream.Stream.concat(COMMON.stream(), PUBLISHED.stream()).toList()) {
        hashes.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
            .digest(word.getBytes(StandardCharsets.UTF_8))));
      }
      return Set.copyOf(hashes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
