package dev.arbiter.pdp.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configured API keys, held only as SHA-256 hashes. A presented key is hashed and compared with
 * every stored hash in constant time, so neither timing nor order reveals which key came close.
 * Keys are long random strings, not passwords, so a plain hash is enough to make a leaked
 * configuration useless.
 */
final class ApiKeyRing {
  private static final String PREFIX = "sha256:";

  record Holder(String name, Set<String> roles) {}

  private record Entry(Holder holder, byte[] hash) {}

  private final List<Entry> entries = new ArrayList<>();

  ApiKeyRing(Map<String, AuthConfig.ApiKey> keys) {
    if (keys.isEmpty()) {
      throw new IllegalStateException("arbiter.auth.mode=api-key needs at least one key:"
          + " arbiter.auth.api-keys.<name>.hash=sha256:<hex of SHA-256 of the key>");
    }
    keys.forEach((name, key) -> entries.add(new Entry(new Holder(name, Set.copyOf(key.roles())), decode(name, key.hash()))));
  }

  Optional<Holder> match(String presented) {
    byte[] hash = sha256(presented);
    Holder found = null;
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(entry.hash(), hash) && found == null) {
        found = entry.holder();
      }
    }
    return Optional.ofNullable(found);
  }

  private static byte[] decode(String name, String hash) {
    if (!hash.startsWith(PREFIX) || hash.length() != PREFIX.length() + 64) {
      throw new IllegalStateException("arbiter.auth.api-keys." + name + ".hash must be sha256: followed by 64 hex digits");
    }
    try {
      return HexFormat.of().parseHex(hash.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("arbiter.auth.api-keys." + name + ".hash must be sha256: followed by 64 hex digits");
    }
  }

  static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
