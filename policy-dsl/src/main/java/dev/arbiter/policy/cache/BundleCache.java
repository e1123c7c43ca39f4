package dev.arbiter.policy.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arbiter.policy.bundle.BundleSource;
import dev.arbiter.policy.check.CheckResult;
import dev.arbiter.policy.check.Checker;
import dev.arbiter.policy.compile.CompiledBundle;
import dev.arbiter.policy.compile.Compiler;
import dev.arbiter.policy.diagnostic.Diagnostic;
import java.util.List;

/**
 * Compiled bundles by revision (the digest of their files). Checking and compiling happen once per
 * distinct content; a bundle with errors is not cached. Thread-safe.
 */
public final class BundleCache {
  /** What compiling gave: the bundle and its warnings, or the check result with its errors. */
  public sealed interface Compilation {}

  public record Compiled(CompiledBundle bundle, List<Diagnostic> warnings) implements Compilation {
    public Compiled {
      warnings = List.copyOf(warnings);
    }
  }

  public record Failed(CheckResult result) implements Compilation {}

  private final Cache<String, Compiled> compiled;

  /** @param maximumBundles how many compiled revisions to keep */
  public BundleCache(int maximumBundles) {
    this.compiled = Caffeine.newBuilder().maximumSize(maximumBundles).recordStats().build();
  }

  public Compilation compile(BundleSource source) {
    // A bundle with errors is not stored (the loader answers null), so it is checked again next
    // time; its result leaves the loader through this one-element array.
    Failed[] failure = new Failed[1];
    Compiled compilation = compiled.get(source.revision(), revision -> {
      CheckResult result = Checker.check(source);
      if (result.hasErrors() || result.bundle().isEmpty()) {
        failure[0] = new Failed(result);
        return null;
      }
      return new Compiled(Compiler.compile(result.bundle().get()), result.diagnostics());
    });
    return compilation != null ? compilation : failure[0];
  }

  public CacheStatistics statistics() {
    return CacheStatistics.of(compiled);
  }
}
