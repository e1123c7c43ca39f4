package dev.arbiter.pep;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * How the client proves to the PDP who it is, matching the PDP's {@code arbiter.auth.mode}: a bearer
 * JWT ({@code jwt}), an API key ({@code api-key}), or nothing ({@code none}, and {@code mtls}, where
 * the TLS client certificate configured with {@link Tls} is the credential). Sent on every call
 * and on the revision stream: {@code Authorization: Bearer …} or {@code X-API-Key: …}, as HTTP
 * headers or gRPC metadata. Secrets are left out of {@code toString()}.
 */
public sealed interface Credentials permits Credentials.None, Credentials.BearerToken, Credentials.ApiKey {
  /** No header: the PDP runs with {@code none} or {@code mtls}. */
  static Credentials none() {
    return None.INSTANCE;
  }

  /** A fixed bearer token (a JWT the PDP verifies). */
  static Credentials bearerToken(String token) {
    JsonValues.requireText(token, "the bearer token");
    return new BearerToken(() -> token);
  }

  /**
   * A bearer token asked for on every call, so that a token source may renew it before it expires.
   * The supplier must be thread-safe and quick; if it throws or returns a blank token, the call
   * fails with {@link DenyReason#CALLER_REJECTED} without reaching the PDP.
   */
  static Credentials bearerToken(Supplier<String> tokens) {
    return new BearerToken(tokens);
  }

  /** An API key, sent as {@code X-API-Key}. */
  static Credentials apiKey(String key) {
    return new ApiKey(JsonValues.requireText(key, "the API key"));
  }

  /** See {@link #none()}. */
  enum None implements Credentials {
    INSTANCE
  }

  /**
   * See {@link #bearerToken(Supplier)}.
   *
   * @param tokens gives the current token
   */
  record BearerToken(Supplier<String> tokens) implements Credentials {
    public BearerToken {
      Objects.requireNonNull(tokens, "tokens");
    }

    @Override
    public String toString() {
      return "BearerToken[…]";
    }
  }

  /**
   * See {@link #apiKey(String)}.
   *
   * @param key the key
   */
  record ApiKey(String key) implements Credentials {
    public ApiKey {
      JsonValues.requireText(key, "the API key");
    }

    @Override
    public String toString() {
      return "ApiKey[…]";
    }
  }
}
