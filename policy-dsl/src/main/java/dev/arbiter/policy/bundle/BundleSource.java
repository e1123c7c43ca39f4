package dev.arbiter.policy.bundle;

import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.diagnostic.SourceText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The files of one bundle as text, in a stable order.
 *
 * @param root how the bundle's directory (or lone file) was named
 * @param manifest {@code bundle.json}, when present
 * @param policies the {@code .pol} files
 * @param tests the {@code .poltest} files
 * @param data the JSON data files
 * @param problems files that could not be read (too large, not UTF-8)
 */
public record BundleSource(
    String root,
    Optional<SourceText> manifest,
    List<SourceText> policies,
    List<SourceText> tests,
    List<SourceText> data,
    List<Diagnostic> problems) {

  public BundleSource {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(manifest, "manifest");
    policies = List.copyOf(policies);
    tests = List.copyOf(tests);
    data = List.copyOf(data);
    problems = List.copyOf(problems);
  }

  /** A bundle made in memory, for tests and embedding: policies only. */
  public static BundleSource ofPolicies(SourceText... policies) {
    return new BundleSource("<memory>", Optional.empty(), List.of(policies), List.of(), List.of(), List.of());
  }

  /** Every file by its path, for printing diagnostics with their source line. */
  public Map<String, String> texts() {
    Map<String, String> texts = new HashMap<>();
    List<SourceText> all = new ArrayList<>(policies);
    all.addAll(tests);
    all.addAll(data);
    manifest.ifPresent(all::add);
    all.forEach(file -> texts.put(file.path(), file.text()));
    return texts;
  }
}
