package dev.arbiter.pdp.store;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The service with {@code arbiter.store=postgres} on a fresh embedded database, seeded from
 * {@code policies/examples/hello}, reconciling every second.
 */
public class PostgresStoreProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("arbiter.policies.dir", "../policies/examples/hello",
        "arbiter.store.reconcile", "PT1S");
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(EmbeddedPostgresResource.class));
  }
}
