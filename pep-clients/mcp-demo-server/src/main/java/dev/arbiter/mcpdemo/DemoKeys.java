package dev.arbiter.mcpdemo;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The demo's stand-in for an authorization server: an RSA key kept in a file, and tokens for three
 * personas signed with it. A real deployment trusts its identity provider's JWKS instead.
 *
 * <ul>
 *   <li>{@code alice}: an admin on call, who may call every tool of tenant acme at any hour;
 *   <li>{@code bob}: a user with the scopes {@code files:read web:fetch crm:read} and clearance 3;
 *   <li>{@code guest}: the scope {@code files:read} and clearance 1.
 * </ul>
 */
final class DemoKeys {
  static final String ISSUER = "https://issuer.mcp-demo.arbiter.local";
  static final Map<String, Map<String, Object>> PERSONAS = Map.of(
      "alice", Map.of("roles", List.of("admin", "oncall"), "tenant", "acme", "clearance", 5,
          "scope", "files:read files:write web:fetch crm:read mail:send"),
      "bob", Map.of("roles", List.of("user"), "tenant", "acme", "clearance", 3,
          "scope", "files:read web:fetch crm:read"),
      "guest", Map.of("roles", List.of("guest"), "tenant", "acme", "clearance", 1, "scope", "files:read"));

  private final RSAKey key;

  private DemoKeys(RSAKey key) {
    this.key = key;
  }

  /** The key in {@code file}, made there first if there is none. */
  static DemoKeys in(Path file) throws IOException {
    try {
      if (Files.exists(file)) {
        return new DemoKeys(RSAKey.parse(Files.readString(file)));
      }
      RSAKey key = new RSAKeyGenerator(2048).keyID("mcp-demo").generate();
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, key.toJSONString());
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return new DemoKeys(key);
    } catch (ParseException | JOSEException e) {
      throw new IOException("the demo key in " + file + " is not usable: " + e.getMessage(), e);
    }
  }

  /** A fresh key that lives as long as this process (for tests). */
  static DemoKeys generated() throws JOSEException {
    return new DemoKeys(new RSAKeyGenerator(2048).keyID("mcp-demo").generate());
  }

  JWKSet publicKeys() {
    return new JWKSet(key.toPublicJWK());
  }

  /** A token for {@code persona} with audience {@code audience}, valid for {@code lifetime}. */
  String token(String persona, String audience, Duration lifetime) throws JOSEException {
    Map<String, Object> claims = PERSONAS.get(persona);
    if (claims == null) {
      throw new IllegalArgumentException("no persona `" + persona + "`; the personas are " + PERSONAS.keySet());
    }
    return sign(persona, claims, audience, lifetime);
  }

  /** A token with any claims (tests make broken ones with it). */
  String sign(String subject, Map<String, Object> claims, String audience, Duration lifetime) throws JOSEException {
    JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).audience(audience)
        .issueTime(new Date()).expirationTime(Date.from(Instant.now().plus(lifetime))).claim("client_id", "mcp-demo");
    claims.forEach(builder::claim);
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
        builder.build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }
}
