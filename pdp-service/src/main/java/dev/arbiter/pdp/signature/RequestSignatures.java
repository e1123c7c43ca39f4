package dev.arbiter.pdp.signature;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.arbiter.pdp.web.ApiError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Checks request signatures. A signature is HMAC-SHA256 over the canonical text
 *
 * <pre>
 * ARBITER-HMAC-SHA256 \n key id \n METHOD \n path[?query] \n hex(SHA-256(body)) \n timestamp \n nonce
 * </pre>
 *
 * sent base64-encoded in {@value #SIGNATURE}, with {@value #KEY_ID}, {@value #TIMESTAMP} (Unix
 * seconds) and {@value #NONCE}. A request is accepted when its key is known, the signature matches,
 * the timestamp is within the window of the PDP's clock, and the nonce was not seen before. Nonces
 * are remembered until their timestamp leaves the window, which bounds the memory a window needs;
 * a nonce is recorded only after its signature verified, so forged requests cannot burn nonces.
 */
@ApplicationScoped
@Startup // a signing setup without usable keys stops the service at start, not at its first request
public class RequestSignatures {
  private static final Logger LOG = Logger.getLogger(RequestSignatures.class);

  public static final String KEY_ID = "X-Arbiter-Key-Id";
  public static final String TIMESTAMP = "X-Arbiter-Timestamp";
  public static final String NONCE = "X-Arbiter-Nonce";
  public static final String SIGNATURE = "X-Arbiter-Signature";
  static final String SCHEME = "ARBITER-HMAC-SHA256";
  private static final Pattern NONCE_SHAPE = Pattern.compile("[A-Za-z0-9_-]{16,128}");
  private static final Pattern TIMESTAMP_SHAPE = Pattern.compile("[0-9]{1,12}");

  private final SigningConfig.Mode mode;
  private final Duration window;
  private final java.util.List<String> paths;
  private final int nonceCapacity;
  private final SigningKeys keys;
  private final Clock clock;
  private final Cache<String, Long> nonces;
  private final Map<String, Counter> rejections = new ConcurrentHashMap<>();
  private final MeterRegistry registry;

  @Inject
  RequestSignatures(SigningConfig config, MeterRegistry registry) {
    this(config, registry, Clock.systemUTC());
  }

  RequestSignatures(SigningConfig config, MeterRegistry registry, Clock clock) {
    this.mode = config.mode();
    this.window = config.window();
    this.paths = config.paths();
    this.nonceCapacity = config.nonceCapacity();
    this.clock = clock;
    this.registry = registry;
    this.keys = new SigningKeys(config.keys(), config.keysFile(), clock);
    if (mode != SigningConfig.Mode.OFF && keys.isEmpty()) {
      throw new IllegalStateException("arbiter.request-signing.mode=" + mode.name().toLowerCase(java.util.Locale.ROOT)
          + " needs signing keys: set arbiter.request-signing.keys.<id> or arbiter.request-signing.keys-file");
    }
    this.nonces = Caffeine.newBuilder()
        .expireAfter(Expiry.<String, Long>creating((nonce, forgetAtMillis) ->
            Duration.ofMillis(Math.max(0, forgetAtMillis - clock.millis()))))
        .ticker(() -> clock.millis() * 1_000_000L) // expiry is on the clock that judges timestamps
        .executor(Runnable::run)
        .build();
  }

  /**
   * The ids of the signing keys valid now (configured and from the keys file) whose secret
   * satisfies {@code test}, sorted; the secrets themselves never leave this package.
   */
  public java.util.List<String> keyIdsWhere(Predicate<byte[]> test) {
    return keys.idsWhere(test);
  }

  /** Whether every request must be signed ({@code arbiter.request-signing.mode=required}). */
  public boolean required() {
    return mode == SigningConfig.Mode.REQUIRED;
  }

  /** Whether requests to this path are subject to signing at all. */
  public boolean covers(String path) {
    return mode != SigningConfig.Mode.OFF && paths.stream().anyMatch(path::startsWith);
  }

  /** The headers a request carried that concern signing; absent ones are null. */
  public record Headers(String keyId, String timestamp, String nonce, String signature) {
    boolean absent() {
      return keyId == null && timestamp == null && nonce == null && signature == null;
    }
  }

  /** Empty when the request may go on; otherwise the error to answer with. */
  public Optional<ApiError> verify(String method, String pathAndQuery, byte[] body, Headers headers) {
    if (headers.absent()) {
      return mode == SigningConfig.Mode.REQUIRED
          ? reject("signature_required", "this endpoint needs a signed request: send " + KEY_ID + ", "
              + TIMESTAMP + ", " + NONCE + " and " + SIGNATURE + " (docs/service.md, Signed requests)")
          : Optional.empty();
    }
    if (headers.keyId() == null || headers.timestamp() == null || headers.nonce() == null || headers.signature() == null) {
      return reject("signature_invalid", "a signed request needs all of " + KEY_ID + ", " + TIMESTAMP + ", " + NONCE
          + " and " + SIGNATURE);
    }
    if (!TIMESTAMP_SHAPE.matcher(headers.timestamp()).matches()) {
      return reject("signature_invalid", TIMESTAMP + " must be Unix time in seconds");
    }
    if (!NONCE_SHAPE.matcher(headers.nonce()).matches()) {
      return reject("signature_invalid", NONCE + " must be 16 to 128 characters of A-Z, a-z, 0-9, '-' or '_'");
    }
    Optional<byte[]> secret = keys.secret(headers.keyId());
    if (secret.isEmpty()) {
      return reject("unknown_signing_key", "the signing key '" + printable(headers.keyId()) + "' is not accepted");
    }
    byte[] presented;
    try {
      presented = Base64.getDecoder().decode(headers.signature());
    } catch (IllegalArgumentException e) {
      return reject("signature_invalid", SIGNATURE + " must be base64");
    }
    byte[] expected = sign(secret.get(), canonical(headers.keyId(), method, pathAndQuery, body, headers.timestamp(),
        headers.nonce()));
    if (!MessageDigest.isEqual(expected, presented)) {
      return reject("signature_invalid", "the signature does not match the request");
    }
    long timestampMillis = Long.parseLong(headers.timestamp()) * 1000;
    long skew = Math.abs(clock.millis() - timestampMillis);
    if (skew > window.toMillis()) {
      return reject("stale_request", "the request's timestamp is " + skew / 1000 + " s away from the PDP's clock;"
          + " at most " + window.toSeconds() + " s are accepted");
    }
    if (nonces.estimatedSize() >= nonceCapacity) {
      nonces.cleanUp();
      if (nonces.estimatedSize() >= nonceCapacity) {
        LOG.warnf("nonce memory full (%d); refusing signed requests until nonces expire", nonceCapacity);
        return Optional.of(count(new ApiError(503, "replay_cache_full",
            "the PDP cannot remember more nonces right now; retry shortly")));
      }
    }
    Long firstSeen = nonces.asMap().putIfAbsent(headers.keyId() + ':' + headers.nonce(),
        timestampMillis + window.toMillis());
    if (firstSeen != null) {
      LOG.warnf("replayed request refused: key %s, nonce %s", headers.keyId(), headers.nonce());
      return reject("replayed_request", "this request was already received (its nonce was used before)");
    }
    return Optional.empty();
  }

  /** The text a signature covers. Public so that tests and clients build it the same way. */
  public static String canonical(String keyId, String method, String pathAndQuery, byte[] body, String timestamp,
      String nonce) {
    return SCHEME + '\n' + keyId + '\n' + method + '\n' + pathAndQuery + '\n' + HexFormat.of().formatHex(sha256(body))
        + '\n' + timestamp + '\n' + nonce;
  }

  /** HMAC-SHA256 of the canonical text. */
  public static byte[] sign(byte[] secret, String canonical) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private Optional<ApiError> reject(String code, String message) {
    return Optional.of(count(new ApiError(401, code, message)));
  }

  private ApiError count(ApiError error) {
    rejections.computeIfAbsent(error.code(), code -> Counter.builder("arbiter.signature.rejections").tag("reason", code)
        .description("Signed-request checks that refused a request, by reason").register(registry)).increment();
    return error;
  }

  private static String printable(String text) {
    String shown = text.length() > 64 ? text.substring(0, 64) + "…" : text;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }
}
