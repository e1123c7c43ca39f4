package dev.arbiter.pdp.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Map;
import java.util.Set;

/** {@code arbiter.auth.*}: how callers authenticate. */
@ConfigMapping(prefix = "arbiter.auth")
public interface AuthConfig {
  /** {@code jwt}, {@code mtls}, {@code api-key} or {@code none} (loopback only). */
  @WithDefault("none")
  String mode();

  Jwt jwt();

  Mtls mtls();

  /** Keys by name: {@code arbiter.auth.api-keys.<name>.hash} and {@code .roles}. */
  @WithName("api-keys")
  Map<String, ApiKey> apiKeys();

  interface Jwt extends JwtSettings {
    /** The claim holding the caller's roles. */
    @WithDefault("groups")
    String rolesClaim();
  }

  interface Mtls {
    /** Roles of any client whose certificate the trust store accepts. */
    @WithDefault(Roles.PDP_CLIENT)
    Set<String> defaultRoles();

    /** Roles by the certificate subject's common name, replacing the defaults for that client. */
    Map<String, Set<String>> roles();
  }

  interface ApiKey {
    /** {@code sha256:<hex>} of the key; the key itself is never stored. */
    String hash();

    @WithDefault(Roles.PDP_CLIENT)
    Set<String> roles();
  }
}
