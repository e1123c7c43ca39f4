package dev.arbiter.pdp.audit;

import dev.arbiter.pdp.store.EmbeddedPostgresResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The shipped policies with {@code arbiter.store=postgres} on a fresh embedded database, and masking on. */
public class AuditPostgresProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("arbiter.policies.dir", "../policies",
        "arbiter.audit.sensitive", "subject.properties.email,context.ip,context.arguments.path",
        "arbiter.audit.redacted", "context.arguments.body",
        "arbiter.audit.batch-size", "4");
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(EmbeddedPostgresResource.class));
  }
}
