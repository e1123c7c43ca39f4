package dev.arbiter.policy.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.policy.bundle.BundleSource;
import dev.arbiter.policy.check.CheckResult;
import dev.arbiter.policy.check.Checker;
import dev.arbiter.policy.decision.AuthorizationResult;
import dev.arbiter.policy.decision.Problem;
import dev.arbiter.policy.decision.Reason;
import dev.arbiter.policy.request.Request;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The compiled engine (indexes, closures, folded constants, early termination) and the naive
 * {@link ReferenceEvaluator} agree on decision, reasons, obligations, advice and where errors
 * happened, over 100,000 random requests: 95,000 across 25 random bundles of up to a few dozen
 * policies, and 5,000 against one bundle of 10,000 policies, most of them grants indexed by subject,
 * resource and action.
 */
class DifferentialTest {
  private static final int SMALL_BUNDLES = 25;
  private static final int REQUESTS_PER_SMALL_BUNDLE = 3_800;
  private static final int LARGE_BUNDLE_POLICIES = 10_000;
  private static final int REQUESTS_FOR_LARGE_BUNDLE = 5_000;

  @Test
  void agreeOnSmallRandomBundles() {
    Map<dev.arbiter.policy.ast.Decision, Integer> decisions = new EnumMap<>(dev.arbiter.policy.ast.Decision.class);
    for (int seed = 0; seed < SMALL_BUNDLES; seed++) {
      RandomBundles random = new RandomBundles(seed);
      compare(random, random.bundle(4 + seed * 2), REQUESTS_PER_SMALL_BUNDLE, seed, decisions);
    }
    // the generator must produce every outcome, or the comparison proves little
    assertThat(decisions.keySet()).containsExactlyInAnyOrder(dev.arbiter.policy.ast.Decision.values());
  }

  @Test
  void agreeOnTenThousandPolicies() {
    RandomBundles random = new RandomBundles(4242);
    Map<dev.arbiter.policy.ast.Decision, Integer> decisions = new EnumMap<>(dev.arbiter.policy.ast.Decision.class);
    compare(random, random.bundle(LARGE_BUNDLE_POLICIES), REQUESTS_FOR_LARGE_BUNDLE, 4242, decisions);
    // both outcomes in earnest, or the comparison proves little
    assertThat(decisions.getOrDefault(dev.arbiter.policy.ast.Decision.PERMIT, 0)).isGreaterThan(REQUESTS_FOR_LARGE_BUNDLE / 20);
    assertThat(decisions.getOrDefault(dev.arbiter.policy.ast.Decision.DENY, 0)).isGreaterThan(REQUESTS_FOR_LARGE_BUNDLE / 20);
  }

  private static void compare(RandomBundles random, BundleSource source, int requests, long seed,
      Map<dev.arbiter.policy.ast.Decision, Integer> decisions) {
    CheckResult checked = Checker.check(source);
    assertThat(checked.errors()).as("generated bundle %d must check", seed).isEmpty();
    CompiledBundle engine = Compiler.compile(checked.bundle().orElseThrow());
    ReferenceEvaluator reference = new ReferenceEvaluator(checked.bundle().orElseThrow());
    for (int i = 0; i < requests; i++) {
      Request request = random.request();
      AuthorizationResult actual = engine.evaluate(request);
      ReferenceEvaluator.Result expected = reference.evaluate(request);
      String where = "seed " + seed + ", request " + i + ": " + request;
      assertThat(actual.decision()).as(where).isEqualTo(expected.decision());
      assertThat(actual.reasons().stream().map(Reason::id).toList()).as(where).isEqualTo(expected.reasons());
      assertThat(actual.obligations()).as(where).isEqualTo(expected.obligations());
      assertThat(actual.advice()).as(where).isEqualTo(expected.advice());
      assertThat(sites(actual.problems())).as(where).isEqualTo(expected.problemSites());
      decisions.merge(actual.decision(), 1, Integer::sum);
    }
  }

  private static List<String> sites(List<Problem> problems) {
    return problems.stream().map(p -> p.ruleId() == null ? p.policyId() : p.policyId() + "/" + p.ruleId()).toList();
  }
}
