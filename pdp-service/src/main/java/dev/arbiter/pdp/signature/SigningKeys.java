package dev.arbiter.pdp.signature;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The keys a signature may use: those in the configuration plus those in the keys file. The file
 * is looked at again at most once a second and re-read when it changed; a file that cannot be read
 * keeps the keys it had, so a half-written file never locks every PEP out.
 */
final class SigningKeys {
  private static final Logger LOG = Logger.getLogger(SigningKeys.class);
  static final int MINIMUM_KEY_BYTES = 32;

  private final Map<String, byte[]> configured;
  private final Optional<Path> file;
  private final Clock clock;
  private volatile Snapshot snapshot;

  private record Snapshot(Map<String, byte[]> keys, FileTime modified, long checkedAtMillis) {}

  SigningKeys(Map<String, String> configured, Optional<Path> file, Clock clock) {
    this.configured = decode(configured, "arbiter.request-signing.keys");
    this.file = file;
    this.clock = clock;
    this.snapshot = new Snapshot(this.configured, FileTime.fromMillis(0), Long.MIN_VALUE);
    file.ifPresent(path -> refresh());
  }

  /** The secret of a key id, if that key is valid now. */
  Optional<byte[]> secret(String keyId) {
    return Optional.ofNullable(current().get(keyId));
  }

  /** The ids of the keys valid now whose secret satisfies {@code test}, which gets a copy of each. */
  List<String> idsWhere(Predicate<byte[]> test) {
    return current().entrySet().stream().filter(entry -> test.test(entry.getValue().clone()))
        .map(Map.Entry::getKey).sorted().toList();
  }

  private Map<String, byte[]> current() {
    if (file.isPresent() && clock.millis() - snapshot.checkedAtMillis() >= 1000) {
      refresh();
    }
    return snapshot.keys();
  }

  boolean isEmpty() {
    return snapshot.keys().isEmpty() && file.isEmpty();
  }

  private synchronized void refresh() {
    Path path = file.orElseThrow();
    long now = clock.millis();
    try {
      FileTime modified = Files.getLastModifiedTime(path);
      if (modified.equals(snapshot.modified())) {
        snapshot = new Snapshot(snapshot.keys(), modified, now);
        return;
      }
      Properties lines = new Properties();
      try (Reader reader = Files.newBufferedReader(path)) {
        lines.load(reader);
      }
      Map<String, String> texts = new HashMap<>();
      lines.forEach((id, secret) -> texts.put(id.toString(), secret.toString()));
      Map<String, byte[]> keys = new HashMap<>(configured);
      keys.putAll(decode(texts, path.toString()));
      snapshot = new Snapshot(Map.copyOf(keys), modified, now);
      LOG.infof("request signing keys loaded from %s: %s", path, keys.keySet());
    } catch (IOException | IllegalArgumentException e) {
      snapshot = new Snapshot(snapshot.keys(), snapshot.modified(), now);
      LOG.warnf("request signing keys in %s not (re)loaded, keeping the previous ones: %s", path, e.getMessage());
    }
  }

  private static Map<String, byte[]> decode(Map<String, String> texts, String origin) {
    Map<String, byte[]> keys = new HashMap<>();
    texts.forEach((id, text) -> {
      byte[] secret = Base64.getDecoder().decode(text.trim());
      if (secret.length < MINIMUM_KEY_BYTES) {
        throw new IllegalArgumentException("signing key '" + id + "' in " + origin + " has " + secret.length
            + " bytes; at least " + MINIMUM_KEY_BYTES + " are needed");
      }
      keys.put(id, secret);
    });
    return Map.copyOf(keys);
  }
}
