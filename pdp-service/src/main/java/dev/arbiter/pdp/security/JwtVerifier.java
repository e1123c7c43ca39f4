package dev.arbiter.pdp.security;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * Verifies JWTs with SmallRye JWT: signature by the configured keys and asymmetric algorithms,
 * issuer, audience, expiry, with a bounded clock skew. Says why a token is refused without saying
 * more than the caller needs.
 */
final class JwtVerifier {
  static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  /** A verified token, or why not. */
  sealed interface Result {}

  record Valid(JsonWebToken token) implements Result {}

  record Invalid(String reason) implements Result {}

  private final DefaultJWTParser parser;
  private final JWTAuthContextInfo context;

  /**
   * @param settings what to verify
   * @param prefix the configuration prefix, for messages about missing settings
   */
  JwtVerifier(JwtSettings settings, String prefix) {
    String issuer = settings.issuer().orElseThrow(() -> missing(prefix + ".issuer"));
    String keys = settings.keyLocation().orElseThrow(() -> missing(prefix + ".key-location"));
    Set<String> audience = settings.audience().orElseThrow(() -> missing(prefix + ".audience"));
    if (settings.clockSkew().isNegative() || settings.clockSkew().compareTo(MAX_CLOCK_SKEW) > 0) {
      throw new IllegalStateException(prefix + ".clock-skew must be between PT0S and " + MAX_CLOCK_SKEW + ", found "
          + settings.clockSkew());
    }
    EnumSet<SignatureAlgorithm> algorithms = EnumSet.noneOf(SignatureAlgorithm.class);
    for (String name : settings.algorithms()) {
      SignatureAlgorithm algorithm;
      try {
        algorithm = SignatureAlgorithm.fromAlgorithm(name);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(prefix + ".algorithms: unknown algorithm \"" + name + "\"");
      }
      if (name.startsWith("HS")) {
        throw new IllegalStateException(prefix + ".algorithms: " + name + " is a shared-secret algorithm; use RS256 or"
            + " ES256 so that the PDP holds no signing secret");
      }
      algorithms.add(algorithm);
    }
    this.context = new JWTAuthContextInfo(keys, issuer);
    context.setExpectedAudience(audience);
    context.setSignatureAlgorithm(algorithms);
    context.setClockSkew((int) settings.clockSkew().toSeconds());
    this.parser = new DefaultJWTParser(context);
  }

  Result verify(String token) {
    try {
      return new Valid(parser.parse(token, context));
    } catch (ParseException e) {
      return new Invalid(reason(e));
    }
  }

  private static String reason(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof InvalidJwtException invalid) {
        if (invalid.hasExpired()) {
          return "the token has expired";
        } else if (invalid.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
          return "the token is not valid yet";
        } else if (invalid.hasErrorCode(ErrorCodes.ISSUER_INVALID) || invalid.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
          return "the token's issuer is not accepted";
        } else if (invalid.hasErrorCode(ErrorCodes.AUDIENCE_INVALID)
            || invalid.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
          return "the token is not meant for this service (audience)";
        } else if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)
            || invalid.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
          return "the token's signature does not verify";
        } else if (invalid.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
          return "the token has no expiry";
        }
      }
    }
    return "the token is not valid";
  }

  private static IllegalStateException missing(String property) {
    return new IllegalStateException(property + " must be set");
  }
}
