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

  /**
   * A digest of every file's path and text: equal bundles have equal revisions, and any change to
   * any file gives a new one. Twelve hex digits of SHA-256.
   */
  public String revision() {
    java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>(texts());
    try {
      java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
      sorted.forEach((path, text) -> {
        digest.update(path.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        digest.update((byte) 0);
      });
      return java.util.HexFormat.of().formatHex(digest.digest(), 0, 6);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
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
