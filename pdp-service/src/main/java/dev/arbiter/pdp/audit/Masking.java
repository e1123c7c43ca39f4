package dev.arbiter.pdp.audit;

import dev.arbiter.audit.CanonicalJson;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonArray;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces sensitive request attributes before a record is written: a <em>hashed</em> path's value
 * becomes {@code "hmac-sha256:<key id>:<hex>"}, the HMAC-SHA256 under a secret key of the value's
 * canonical JSON; a <em>redacted</em> path's value becomes {@value #REDACTED}.
 *
 * <p>Why a keyed HMAC rather than a salted SHA-256: the values worth masking (e-mail addresses, IP
 * addresses, phone numbers) are few enough to enumerate, so anyone holding the trail could hash
 * every candidate and compare, whatever public salt a record carried. Without the key that is
 * impossible, while equal values still hash equal, so an auditor can follow one address across
 * records, and whoever holds the key can check a suspected value.
 *
 * <p>A path masked under {@code subject.properties} is masked under {@code
 * context.untrusted_subject} too, where a verified subject token moves the caller's own subject
 * properties. Values equal to a masked one are masked in obligations too, and masked strings are
 * replaced inside error messages, since both may quote request attributes. Immutable; thread-safe.
 */
final class Masking {
  static final String REDACTED = "[redacted]";
  private static final Set<String> ROOTS = Set.of("subject", "action", "resource", "context");
  private static final Set<String> IDS = Set.of("subject.type", "subject.id", "resource.type", "resource.id",
      "action.name");
  private static final int MIN_KEY_BYTES = 32;

  private final Map<String, Mode> paths;
  private final byte[] key;
  private final String keyId;
  private final boolean generatedKey;

  enum Mode { HASH, REDACT }

  private Masking(Map<String, Mode> paths, byte[] key, boolean generatedKey) {
    this.paths = paths;
    this.key = key;
    this.generatedKey = generatedKey;
    this.keyId = HexFormat.of().formatHex(sha256(key), 0, 4);
  }

  /**
   * Masking for the configured paths.
   *
   * @param key base64, at least 32 bytes; a random key when empty
   * @throws IllegalArgumentException for a path that is not a request attribute, an id (the trail's
   *     index, never masked), or a key too short
   */
  static Masking of(List<String> hashed, List<String> redacted, java.util.Optional<String> key) {
    Map<String, Mode> paths = new LinkedHashMap<>();
    hashed.forEach(path -> paths.put(validPath(path, "arbiter.audit.sensitive"), Mode.HASH));
    redacted.forEach(path -> paths.put(validPath(path, "arbiter.audit.redacted"), Mode.REDACT));
    if (key.isPresent()) {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(key.get().trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("arbiter.audit.masking-key must be base64");
      }
      if (bytes.length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException("arbiter.audit.masking-key must hold at least " + MIN_KEY_BYTES
            + " bytes, found " + bytes.length);
      }
      return new Masking(paths, bytes, false);
    }
    byte[] random = new byte[MIN_KEY_BYTES];
    new SecureRandom().nextBytes(random);
    return new Masking(paths, random, true);
  }

  private static String validPath(String path, String setting) {
    String trimmed = path.trim();
    String[] segments = trimmed.split("\\.", -1);
    if (segments.length < 2 || !ROOTS.contains(segments[0]) || List.of(segments).contains("")) {
      throw new IllegalArgumentException(setting + ": `" + trimmed + "` is not a request attribute path such as"
          + " subject.properties.email or context.ip");
    }
    if (IDS.contains(trimmed)) {
      throw new IllegalArgumentException(setting + ": `" + trimmed + "` is an id, which the audit trail keeps to"
          + " index and filter records; send a pseudonymous id instead");
    }
    return trimmed;
  }

  /** Whether values are hashed with a key drawn at start: their hashes then differ from one run to the next. */
  boolean hashesWithGeneratedKey() {
    return generatedKey && paths.containsValue(Mode.HASH);
  }

  /** The request with every configured path masked, and what else to mask in the record. */
  Masked mask(JsonObject request) {
    Mac mac = paths.containsValue(Mode.HASH) ? mac() : null;
    Json tree = request;
    List<String> masked = new ArrayList<>();
    Replacements replacements = new Replacements(new LinkedHashMap<>(), new LinkedHashMap<>());
    for (Map.Entry<String, Mode> path : paths.entrySet()) {
      List<String> segments = List.of(path.getKey().split("\\."));
      tree = maskAt(tree, segments, 0, path.getValue(), mac, replacements, masked, path.getKey());
      if (segments.get(0).equals("subject") && segments.get(1).equals("properties") && segments.size() > 2) {
        List<String> mirror = new ArrayList<>(List.of("context", "untrusted_subject"));
        mirror.addAll(segments.subList(2, segments.size()));
        tree = maskAt(tree, mirror, 0, path.getValue(), mac, replacements, masked, String.join(".", mirror));
      }
    }
    return new Masked((JsonObject) tree, masked, replacements.values(), replacements.strings());
  }

  private Json maskAt(Json node, List<String> path, int depth, Mode mode, Mac mac, Replacements replacements,
      List<String> masked, String name) {
    if (depth == path.size()) {
      masked.add(name);
      collect(node, mode, mac, replacements);
      return replacement(node, mode, mac);
    }
    if (!(node instanceof JsonObject object) || !object.members().containsKey(path.get(depth))) {
      return node;
    }
    Map<String, Json> members = new LinkedHashMap<>(object.members());
    members.put(path.get(depth), maskAt(members.get(path.get(depth)), path, depth + 1, mode, mac, replacements,
        masked, name));
    return new JsonObject(members, object.line(), object.column());
  }

  /** Remembers the value and every string inside it, so the same text elsewhere is masked too. */
  private void collect(Json value, Mode mode, Mac mac, Replacements replacements) {
    Json replacement = replacement(value, mode, mac);
    replacements.values().put(key(value), replacement);
    switch (value) {
      case JsonString text when !text.value().isEmpty() ->
          replacements.strings().put(text.value(), ((JsonString) replacement).value());
      case JsonObject object -> object.members().values().forEach(member -> collect(member, mode, mac, replacements));
      case JsonArray array -> array.elements().forEach(element -> collect(element, mode, mac, replacements));
      default -> {}
    }
  }

  private Json replacement(Json value, Mode mode, Mac mac) {
    if (mode == Mode.REDACT) {
      return new JsonString(REDACTED, 0, 0);
    }
    byte[] digest = mac.doFinal(CanonicalJson.encode(value));
    return new JsonString("hmac-sha256:" + keyId + ":" + HexFormat.of().formatHex(digest), 0, 0);
  }

  private Mac mac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  private static String key(Json value) {
    return new String(CanonicalJson.encode(value), StandardCharsets.UTF_8);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** A masking of one note's values; see {@link NoteMasking}. */
  Note note() {
    return new Note();
  }

  /** Masks one note's values, remembering what it masked for its free text and its {@code masked} list. */
  final class Note implements NoteMasking {
    private final Map<String, String> strings = new LinkedHashMap<>();
    private final Set<String> masked = new java.util.LinkedHashSet<>();
    private Mac mac;

    private Note() {}

    @Override
    public String attribute(String path, String value) {
      java.util.Optional<Mode> mode = mode(path);
      if (mode.isEmpty()) {
        return value;
      }
      if (mode.get() == Mode.HASH && mac == null) {
        mac = mac();
      }
      masked.add(path);
      String replacement = ((JsonString) replacement(new JsonString(value, 0, 0), mode.get(), mac)).value();
      if (!value.isEmpty()) {
        strings.put(value, replacement);
      }
      return replacement;
    }

    @Override
    public String text(String text) {
      return new Masked(new JsonObject(Map.of(), 0, 0), List.of(), Map.of(), strings).scrub(text);
    }

    /** The attribute paths whose masking applied, in the order first met. */
    List<String> masked() {
      return List.copyOf(masked);
    }
  }

  /** How a value of attribute {@code path} is masked: by the configuration of the path or one around it. */
  private java.util.Optional<Mode> mode(String path) {
    for (String prefix = path; ; prefix = prefix.substring(0, prefix.lastIndexOf('.'))) {
      Mode mode = paths.get(prefix);
      if (mode != null) {
        return java.util.Optional.of(mode);
      }
      if (prefix.lastIndexOf('.') < 0) {
        return java.util.Optional.empty();
      }
    }
  }

  /** What masking one request collected: replacements by canonical JSON, and for plain strings. */
  private record Replacements(Map<String, Json> values, Map<String, String> strings) {}

  /**
   * A masked request.
   *
   * @param request the request with the masked values replaced
   * @param paths the paths that were present and masked
   * @param replacements each masked value (by canonical JSON) and what replaces it
   * @param strings each masked string and what replaces it
   */
  record Masked(JsonObject request, List<String> paths, Map<String, Json> replacements, Map<String, String> strings) {
    Masked {
      paths = List.copyOf(paths);
      replacements = Map.copyOf(replacements);
      strings = Map.copyOf(strings);
    }

    /** {@code value} with every part equal to a masked value replaced. */
    Json scrub(Json value) {
      if (replacements.isEmpty()) {
        return value;
      }
      Json replacement = replacements.get(key(value));
      if (replacement != null) {
        return replacement;
      }
      return switch (value) {
        case JsonObject object -> {
          Map<String, Json> members = new LinkedHashMap<>();
          object.members().forEach((name, member) -> members.put(name, scrub(member)));
          yield new JsonObject(members, 0, 0);
        }
        case JsonArray array -> new JsonArray(array.elements().stream().map(this::scrub).toList(), 0, 0);
        default -> value;
      };
    }

    /** {@code text} with every masked string in it replaced, longest first. */
    String scrub(String text) {
      String scrubbed = text;
      List<String> longestFirst = strings.keySet().stream()
          .sorted(Comparator.comparingInt(String::length).reversed()).toList();
      for (String original : longestFirst) {
        scrubbed = scrubbed.replace(original, strings.get(original));
      }
      return scrubbed;
    }
  }
}
