package dev.arbiter.cli;

import dev.arbiter.policy.bundle.BundleLoader;
import dev.arbiter.policy.bundle.BundleSource;
import dev.arbiter.policy.check.CheckResult;
import dev.arbiter.policy.check.Checker;
import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.diagnostic.DiagnosticPrinter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Finding, loading and checking the bundles named on a command line. */
final class Bundles {
  private Bundles() {}

  /** Every bundle under the given paths, each once; a path that does not exist is a usage error. */
  static List<Path> discover(List<Path> paths) throws IOException {
    Set<Path> roots = new LinkedHashSet<>();
    for (Path path : paths) {
      if (!Files.exists(path)) {
        throw new IOException("no such file or directory: " + path);
      }
      roots.addAll(BundleLoader.discover(path));
    }
    return new ArrayList<>(roots);
  }

  static CheckResult check(Path root) {
    try {
      BundleSource source = BundleLoader.load(root);
      return Checker.check(source);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
    }
  }

  /** Prints diagnostics the human way, with their source line and a caret. */
  static void print(CheckResult result, List<Diagnostic> diagnostics, PrintWriter out) {
    DiagnosticPrinter printer = new DiagnosticPrinter(path -> Optional.ofNullable(result.source().texts().get(path)));
    for (Diagnostic diagnostic : diagnostics) {
      out.print(printer.human(diagnostic));
    }
  }
}
