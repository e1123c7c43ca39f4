package dev.arbiter.policy.check;

import dev.arbiter.policy.bundle.BundleSource;
import dev.arbiter.policy.diagnostic.Diagnostic;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of checking a bundle: every diagnostic in file order, and the checked bundle when
 * there was no error (warnings do not prevent it).
 */
public record CheckResult(BundleSource source, Optional<CheckedBundle> bundle, List<Diagnostic> diagnostics) {
  public CheckResult {
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).toList();
  }
}
