package dev.arbiter.pdp.store;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The service with {@code arbiter.store=postgres} on a fresh embedded database, seeded from
 * {@code policies/examples/hello}, reconciling every second, and callers with API keys: {@link
 * #ADMIN_KEY} (named {@code admin}: {@code policy-admin} and {@code pdp-client}) and {@link
 * #CLIENT_KEY} ({@code pdp-client} only).
 */
public class PostgresStoreProfile implements QuarkusTestProfile {
  public static final String ADMIN_KEY = "admin-5e1f0c2d3b4a59687e1d2c3b4a596877";
  public static final String CLIENT_KEY = "client-4d3c2b1a0f9e8d7c6b5a49382716a5b4";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("arbiter.policies.dir", "../policies/examples/hello",
        "arbiter.store.reconcile", "PT1S",
        "arbiter.auth.mode", "api-key",
        "arbiter.auth.api-keys.admin.hash", hash(ADMIN_KEY),
        "arbiter.auth.api-keys.admin.roles", "policy-admin,pdp-client",
        "arbiter.auth.api-keys.client.hash", hash(CLIENT_KEY),
        "arbiter.auth.api-keys.client.roles", "pdp-client");
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(EmbeddedPostgresResource.class));
  }

  private static String hash(String key) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
