package dev.arbiter.policy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.policy.bundle.BundleLoader;
import dev.arbiter.policy.check.CheckResult;
import dev.arbiter.policy.check.Checker;
import dev.arbiter.policy.compile.Compiler;
import dev.arbiter.policy.format.Formatter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bundle under {@code policies/} checks clean, is formatted, and passes its own tests. */
class ShippedBundlesTest {
  static final Path POLICIES = Path.of(System.getProperty("arbiter.repository.root", "..")).resolve("policies");

  static List<Path> bundles() throws IOException {
    return BundleLoader.discover(POLICIES);
  }

  @ParameterizedTest
  @MethodSource("bundles")
  void checksWithoutErrorsOrWarnings(Path bundle) throws IOException {
    CheckResult result = Checker.check(BundleLoader.load(bundle));
    assertThat(result.diagnostics()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("bundles")
  void isFormatted(Path bundle) throws IOException {
    for (Path file : BundleLoader.sourceFiles(bundle)) {
      String text = Files.readString(file);
      assertThat(Formatter.format(file.toString(), text).text()).as(file.toString()).isEqualTo(text);
    }
  }

  @ParameterizedTest
  @MethodSource("bundles")
  void passesItsTestsAndCoversEveryRule(Path bundle) throws IOException {
    CheckResult result = Checker.check(BundleLoader.load(bundle));
    TestReport report = TestRunner.run(Compiler.compile(result.bundle().orElseThrow()));
    assertThat(report.results()).isNotEmpty();
    assertThat(report.results().stream().filter(r -> !r.passed()).map(r -> r.test().name() + ": " + r.failures()))
        .isEmpty();
    assertThat(report.uncovered()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("bundles")
  void theShippedBundleHasAtLeastThirtyTests(Path bundle) throws IOException {
    if (bundle.normalize().equals(POLICIES.normalize())) {
      CheckResult result = Checker.check(BundleLoader.load(bundle));
      assertThat(result.bundle().orElseThrow().tests()).hasSizeGreaterThanOrEqualTo(30);
    }
  }
}
