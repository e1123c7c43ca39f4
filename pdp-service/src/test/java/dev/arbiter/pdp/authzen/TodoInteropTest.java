package dev.arbiter.pdp.authzen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.pdp.BundleProfiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The AuthZEN interop Todo scenario (40 evaluations, 3 batches) with {@code policies/examples/authzen-todo}. */
@QuarkusTest
@TestProfile(BundleProfiles.Todo.class)
class TodoInteropTest {
  private static final String CASES = "todo/decisions-authorization-api-1_0-02.json";

  @TestFactory
  Stream<DynamicTest> everyCaseGetsTheExpectedDecision() {
    return InteropReplay.replay(CASES);
  }

  @Test
  void theFileHoldsAll43Cases() {
    assertThat(InteropReplay.count(CASES)).isEqualTo(43);
  }
}
