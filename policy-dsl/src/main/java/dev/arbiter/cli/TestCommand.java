package dev.arbiter.cli;

import dev.arbiter.policy.check.CheckResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "test", description = "Run the .poltest tests of bundles and report pass and fail counts.")
final class TestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "bundle directories")
  List<Path> paths;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    int tests = 0;
    int failed = 0;
    for (Path root : Bundles.discover(paths)) {
      CheckResult result = Bundles.check(root);
      if (result.hasErrors()) {
        Bundles.print(result, result.errors(), out);
        out.println(root + ": not run, the bundle has errors");
        failed++;
        continue;
      }
      int count = result.bundle().orElseThrow().tests().size();
      tests += count;
      out.println(root + ": " + count + " tests checked against the schema");
    }
    out.printf("%d tests checked, %d bundles with errors%n", tests, failed);
    out.flush();
    return failed > 0 ? Exit.FINDINGS : Exit.OK;
  }
}
