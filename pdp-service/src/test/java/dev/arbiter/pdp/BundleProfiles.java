package dev.arbiter.pdp;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Test profiles that serve one of the example bundles under {@code policies/examples}. */
public final class BundleProfiles {
  private BundleProfiles() {}

  /** The AuthZEN certification fixture. */
  public static class Certification implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("arbiter.policies.dir", "../policies/examples/authzen-cert");
    }
  }

  /** The AuthZEN interop Todo application. */
  public static class Todo implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("arbiter.policies.dir", "../policies/examples/authzen-todo");
    }
  }

  /** The AuthZEN interop API gateway. */
  public static class Gateway implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("arbiter.policies.dir", "../policies/examples/authzen-gateway");
    }
  }
}
