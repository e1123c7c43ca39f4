package dev.arbiter.cli;

import dev.arbiter.policy.cache.BundleCache;
import dev.arbiter.policy.bundle.BundleLoader;
import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.diagnostic.DiagnosticCode;
import dev.arbiter.policy.diagnostic.DiagnosticPrinter;
import dev.arbiter.policy.testing.TestReport;
import dev.arbiter.policy.testing.TestRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "test", description = "Run the .poltest tests of bundles; report passes, failures and rule coverage.")
final class TestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--min-coverage", paramLabel = "PERCENT", description = "fail when rule coverage is lower")
  double minimumCoverage;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "bundle directories")
  List<Path> paths;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    long passed = 0;
    long failed = 0;
    boolean broken = false;
    boolean lowCoverage = false;
    for (Path root : Bundles.discover(paths)) {
      switch (new BundleCache(1).compile(BundleLoader.load(root))) {
        case BundleCache.Failed failure -> {
          Bundles.print(failure.result(), failure.result().errors(), out);
          out.println(root + ": tests not run, the bundle has errors");
          broken = true;
        }
        case BundleCache.Compiled compiled -> {
          TestReport report = TestRunner.run(compiled.bundle());
          DiagnosticPrinter printer = new DiagnosticPrinter(
              path -> Optional.ofNullable(compiled.bundle().source().source().texts().get(path)));
          for (TestReport.TestResult result : report.results()) {
            if (!result.passed()) {
              for (String failure : result.failures()) {
                out.print(printer.human(Diagnostic.of(DiagnosticCode.TEST_FAILED,
                    result.test().source().span().location(), "test `" + result.test().name() + "`: " + failure)));
              }
            }
          }
          out.printf("%s: %d passed, %d failed; rule coverage %d/%d (%.0f%%)%n", root, report.passed(),
              report.failed(), report.covered().size(), report.rules().size(), report.coveragePercent());
          if (!report.uncovered().isEmpty()) {
            out.println("  rules no test applies: " + String.join(", ", report.uncovered()));
          }
          passed += report.passed();
          failed += report.failed();
          lowCoverage |= report.coveragePercent() < minimumCoverage;
        }
      }
    }
    out.printf("%d passed, %d failed%n", passed, failed);
    out.flush();
    return failed > 0 || broken || lowCoverage ? Exit.FINDINGS : Exit.OK;
  }
}
