package dev.arbiter.pep.mcp;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Duration;
import java.util.Set;

/**
 * Checks a bearer token as an OAuth 2.1 resource server must (MCP authorization, RFC 8707): a JWT
 * signed by a key of the issuer's key set, with this server's issuer, this server in its audience,
 * a subject, and an expiry that has not passed. Thread-safe.
 */
final class TokenVerifier {
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  TokenVerifier(String issuer, String audience, JWKSource<SecurityContext> keys, Set<JWSAlgorithm> algorithms,
      Duration clockSkew) {
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience,
        new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp"));
    claims.setMaxClockSkew((int) clockSkew.toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
  }

  /** What a token turned out to be. */
  sealed interface Verification {}

  record Valid(VerifiedToken token) implements Verification {}

  /** @param reason why, for the {@code error_description} of the 401 */
  record Invalid(String reason) implements Verification {}

  Verification verify(String token) {
    try {
      JWTClaimsSet claims = processor.process(token, null);
      if (claims.getSubject() == null || claims.getSubject().isBlank()) {
        return new Invalid("the token has no subject");
      }
      return new Valid(new VerifiedToken(claims.getSubject(), claims.toJSONObject(), token));
    } catch (ParseException e) {
      return new Invalid("the token is not a JWT");
    } catch (BadJOSEException e) {
      return new Invalid(e.getMessage());
    } catch (JOSEException e) {
      return new Invalid("the token's signature could not be checked");
    }
  }
}
