package dev.arbiter.pdp.authzen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.pdp.BundleProfiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The AuthZEN interop API-gateway scenario (25 evaluations) with {@code policies/examples/authzen-gateway}. */
@QuarkusTest
@TestProfile(BundleProfiles.Gateway.class)
class GatewayInteropTest {
  private static final String CASES = "api-gateway/decisions.json";

  @TestFactory
  Stream<DynamicTest> everyCaseGetsTheExpectedDecision() {
    return InteropReplay.replay(CASES);
  }

  @Test
  void theFileHoldsAll25Cases() {
    assertThat(InteropReplay.count(CASES)).isEqualTo(25);
  }
}
