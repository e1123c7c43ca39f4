package dev.arbiter.pep;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs HTTP requests to the PDP with HMAC-SHA256, as its {@code arbiter.request-signing} expects
 * (docs/service.md, "Signed requests"): over the canonical text
 *
 * <pre>
 * ARBITER-HMAC-SHA256 \n key id \n METHOD \n path[?query] \n hex(SHA-256(body)) \n timestamp \n nonce
 * </pre>
 *
 * with the time in Unix seconds and a fresh random nonce for every request, so that the PDP, which
 * accepts each nonce once, takes every attempt (retries included) and refuses a captured copy.
 * Thread-safe; the secret never leaves this object and is left out of {@code toString()}.
 */
final class RequestSigner {
  static final String KEY_ID = "X-Arbiter-Key-Id";
  static final String TIMESTAMP = "X-Arbiter-Timestamp";
  static final String NONCE = "X-Arbiter-Nonce";
  static final String SIGNATURE = "X-Arbiter-Signature";
  static final String SCHEME = "ARBITER-HMAC-SHA256";
  /** The PDP refuses shorter keys. */
  static final int MIN_SECRET_BYTES = 32;
  private static final Pattern KEY_ID_SHAPE = Pattern.compile("[\\x21-\\x7e]{1,128}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String keyId;
  private final byte[] secret;
  private final Clock clock;
  private final Supplier<String> nonces;

  /** The four header values of one signed request. */
  record Headers(String keyId, String timestamp, String nonce, String signature) {}

  RequestSigner(String keyId, byte[] secret) {
    this(keyId, secret, Clock.systemUTC(), RequestSigner::randomNonce);
  }

  RequestSigner(String keyId, byte[] secret, Clock clock, Supplier<String> nonces) {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(secret, "secret");
    if (!KEY_ID_SHAPE.matcher(keyId).matches()) {
      throw new IllegalArgumentException("a signing key id is 1 to 128 visible ASCII characters without spaces, found `"
          + keyId + "`");
    }
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("a signing key has at least " + MIN_SECRET_BYTES + " bytes, found "
          + secret.length);
    }
    this.keyId = keyId;
    this.secret = secret.clone();
    this.clock = clock;
    this.nonces = nonces;
  }

  /** The headers that sign a request with {@code method}, {@code pathAndQuery} (as sent) and {@code body}. */
  Headers sign(String method, String pathAndQuery, byte[] body) {
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    String nonce = nonces.get();
    String signature = Base64.getEncoder().encodeToString(signature(secret,
        canonical(keyId, method, pathAndQuery, body, timestamp, nonce)));
    return new Headers(keyId, timestamp, nonce, signature);
  }

  /** The text a signature covers. */
  static String canonical(String keyId, String method, String pathAndQuery, byte[] body, String timestamp,
      String nonce) {
    return SCHEME + '\n' + keyId + '\n' + method + '\n' + pathAndQuery + '\n' + HexFormat.of().formatHex(sha256(body))
        + '\n' + timestamp + '\n' + nonce;
  }

  /** HMAC-SHA256 of {@code canonical}'s UTF-8 bytes under {@code secret}. */
  static byte[] signature(byte[] secret, String canonical) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  /** 16 random bytes as 22 characters of base64url: within the PDP's {@code [A-Za-z0-9_-]{16,128}}. */
  static String randomNonce() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  String keyId() {
    return keyId;
  }

  /** Leaves the secret out. */
  @Override
  public String toString() {
    return "RequestSigner[" + keyId + ", …]";
  }
}
