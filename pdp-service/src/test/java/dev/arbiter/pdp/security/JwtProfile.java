package dev.arbiter.pdp.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * Callers authenticate with JWTs from {@value #ISSUER}; subject tokens from {@value
 * #SUBJECT_ISSUER} are verified too. The bundle lets admin rights count only when verified.
 */
public class JwtProfile implements QuarkusTestProfile {
  static final String ISSUER = "https://idp.arbiter.test";
  static final String AUDIENCE = "arbiter-pdp";
  static final String SUBJECT_ISSUER = "https://accounts.arbiter.test";
  static final String SUBJECT_AUDIENCE = "mcp-servers";

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = new HashMap<>();
    config.put("arbiter.policies.dir", "src/test/resources/bundles/verified-subjects");
    config.put("arbiter.auth.mode", "jwt");
    config.put("arbiter.auth.jwt.issuer", ISSUER);
    config.put("arbiter.auth.jwt.audience", AUDIENCE);
    config.put("arbiter.auth.jwt.key-location", TestKeys.create("caller").toString());
    config.put("arbiter.auth.jwt.clock-skew", "PT5S");
    config.put("arbiter.subject-token.enabled", "true");
    config.put("arbiter.subject-token.issuer", SUBJECT_ISSUER);
    config.put("arbiter.subject-token.audience", SUBJECT_AUDIENCE);
    config.put("arbiter.subject-token.key-location", TestKeys.create("subject").toString());
    return config;
  }
}
