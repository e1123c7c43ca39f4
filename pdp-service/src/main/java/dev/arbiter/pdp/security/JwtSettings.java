package dev.arbiter.pdp.security;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** How to verify one kind of JWT: who issued it, for whom, with which keys and algorithms. */
public interface JwtSettings {
  /** The required {@code iss}. */
  Optional<String> issuer();

  /** Accepted {@code aud} values; the token must name at least one. */
  Optional<Set<String>> audience();

  /** A PEM or JWK(S) file, or an {@code https} JWKS URL. */
  Optional<String> keyLocation();

  /** Accepted signature algorithms; asymmetric only. */
  @WithDefault("RS256,ES256")
  Set<String> algorithms();

  /** Tolerance for clocks that disagree; at most five minutes. */
  @WithDefault("PT30S")
  Duration clockSkew();
}
