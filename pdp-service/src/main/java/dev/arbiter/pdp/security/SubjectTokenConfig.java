package dev.arbiter.pdp.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/**
 * {@code arbiter.subject-token.*}: verifying the end user's or agent's access token that a caller
 * forwards with a request, so that the subject's attributes come from verified claims.
 */
@ConfigMapping(prefix = "arbiter.subject-token")
public interface SubjectTokenConfig extends JwtSettings {
  /** Whether requests may carry a subject token at all. */
  @WithDefault("false")
  boolean enabled();

  /** Whether every request must carry one. */
  @WithDefault("false")
  boolean required();

  /**
   * Subject properties taken from claims of another name: {@code
   * arbiter.subject-token.claims.<property>=<claim>}. A string claim becomes the list of its
   * space-separated words, as OAuth's {@code scope} is written.
   */
  Map<String, String> claims();
}
