package dev.arbiter.pep;

/**
 * The header that carries the client's {@link Credentials}, fetched anew for every call so that a
 * renewed bearer token is picked up.
 *
 * @param name the header's name ({@code Authorization} or {@code X-API-Key})
 * @param value its value
 */
record CallerHeader(String name, String value) {
  static final String AUTHORIZATION = "Authorization";
  static final String API_KEY = "X-API-Key";

  /**
   * The header for {@code credentials}, or null for none.
   *
   * @throws CallFailure if a bearer-token supplier fails or gives a blank token
   */
  static CallerHeader of(Credentials credentials) throws CallFailure {
    return switch (credentials) {
      case Credentials.None none -> null;
      case Credentials.ApiKey key -> new CallerHeader(API_KEY, key.key());
      case Credentials.BearerToken bearer -> new CallerHeader(AUTHORIZATION, "Bearer " + token(bearer));
    };
  }

  private static String token(Credentials.BearerToken bearer) throws CallFailure {
    String token;
    try {
      token = bearer.tokens().get();
    } catch (RuntimeException e) {
      throw CallFailure.of(DenyReason.CALLER_REJECTED, "the bearer token supplier failed: " + e);
    }
    if (token == null || token.isBlank()) {
      throw CallFailure.of(DenyReason.CALLER_REJECTED, "the bearer token supplier gave no token");
    }
    return token.strip();
  }

  /** Leaves the secret out. */
  @Override
  public String toString() {
    return name + ": …";
  }
}
