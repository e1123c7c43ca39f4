package dev.arbiter.cli;

import dev.arbiter.policy.bundle.BundleLoader;
import dev.arbiter.policy.cache.BundleCache;
import dev.arbiter.policy.compile.CompiledBundle;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** Loads, checks and compiles the one bundle a command works on, printing its errors if it has any. */
final class BundleOption {
  private BundleOption() {}

  static Optional<CompiledBundle> compile(Path root, PrintWriter out) throws IOException {
    return switch (new BundleCache(1).compile(BundleLoader.load(root))) {
      case BundleCache.Compiled compiled -> Optional.of(compiled.bundle());
      case BundleCache.Failed failed -> {
        Bundles.print(failed.result(), failed.result().errors(), out);
        out.println(root + ": the bundle has errors");
        yield Optional.empty();
      }
    };
  }
}
