package dev.arbiter.cli;

import dev.arbiter.policy.check.CheckResult;
import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.diagnostic.DiagnosticPrinter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "check",
    description = {
      "Check bundles: syntax, names, imports, the schema, types, data files, tests and lints.",
      "A directory holds a bundle where it has a bundle.json; every bundle under a path is checked."
    })
final class CheckCommand implements Callable<Integer> {
  enum Format { human, json }

  @Spec CommandSpec spec;

  @Option(names = "--format", description = "human (default) or json", defaultValue = "human")
  Format format;

  @Option(names = "--strict", description = "fail on warnings too")
  boolean strict;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "bundle directories or .pol files")
  List<Path> paths;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> roots = Bundles.discover(paths);
    List<Diagnostic> all = new ArrayList<>();
    int errors = 0;
    int warnings = 0;
    for (Path root : roots) {
      CheckResult result = Bundles.check(root);
      all.addAll(result.diagnostics());
      if (format == Format.human) {
        Bundles.print(result, result.diagnostics(), out);
      }
      for (Diagnostic d : result.diagnostics()) {
        if (d.isError()) {
          errors++;
        } else {
          warnings++;
        }
      }
    }
    if (format == Format.json) {
      out.println(DiagnosticPrinter.json(all));
    } else {
      err.printf("checked %d bundle%s: %d error%s, %d warning%s%n", roots.size(), roots.size() == 1 ? "" : "s",
          errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    }
    out.flush();
    return errors > 0 || (strict && warnings > 0) ? Exit.FINDINGS : Exit.OK;
  }
}
