package dev.arbiter.policy.check;

import dev.arbiter.policy.ast.CombiningAlgorithm;
import dev.arbiter.policy.ast.Expr;
import dev.arbiter.policy.ast.LetBinding;
import dev.arbiter.policy.ast.PolicyElement;
import dev.arbiter.policy.ast.PolicyFile;
import dev.arbiter.policy.bundle.BundleSource;
import dev.arbiter.policy.data.BundleData;
import dev.arbiter.policy.schema.Schema;
import dev.arbiter.policy.schema.Type;
import java.util.List;
import java.util.Optional;

/**
 * A bundle that passed checking: its policies as written, everything the checker learned about
 * them, its schema, data and tests. Immutable; what the compiler consumes.
 */
public final class CheckedBundle {
  private final BundleSource source;
  private final Manifest manifest;
  private final List<PolicyFile> files;
  private final List<PolicyElement> elements;
  private final Schema schema;
  private final BundleData data;
  private final List<CheckedTest> tests;
  private final Annotations annotations;

  CheckedBundle(BundleSource source, Manifest manifest, List<PolicyFile> files, List<PolicyElement> elements,
      Schema schema, BundleData data, List<CheckedTest> tests, Annotations annotations) {
    this.source = source;
    this.manifest = manifest;
    this.files = List.copyOf(files);
    this.elements = List.copyOf(elements);
    this.schema = schema;
    this.data = data;
    this.tests = List.copyOf(tests);
    this.annotations = annotations;
  }

  public BundleSource source() {
    return source;
  }

  /** The bundle's name from its manifest, or its directory's name. */
  public String name() {
    return manifest.name();
  }

  public String description() {
    return manifest.description();
  }

  /** How the bundle's top-level policies and policy sets combine. */
  public CombiningAlgorithm rootAlgorithm() {
    return manifest.combine();
  }

  public List<PolicyFile> files() {
    return files;
  }

  /** The top-level policy sets and policies of every file, in file order. */
  public List<PolicyElement> elements() {
    return elements;
  }

  public Schema schema() {
    return schema;
  }

  public BundleData data() {
    return data;
  }

  public List<CheckedTest> tests() {
    return tests;
  }

  /** The algorithm of a policy or policy set: as written, or deny-overrides. */
  public static CombiningAlgorithm algorithm(PolicyElement element) {
    return element.combining()
        .flatMap(c -> CombiningAlgorithm.fromKeyword(c.algorithm()))
        .orElse(CombiningAlgorithm.DENY_OVERRIDES);
  }

  /** The static type of an expression of this bundle. */
  public Type typeOf(Expr expr) {
    Type type = annotations.types.get(expr);
    if (type == null) {
      throw new IllegalArgumentException("not an expression of this bundle: " + expr.span());
    }
    return type;
  }

  /** What a name ({@code x} or {@code alias.x}) refers to; empty for attribute access and the like. */
  public Optional<Binding> binding(Expr expr) {
    return Optional.ofNullable(annotations.bindings.get(expr));
  }

  public Type typeOf(LetBinding let) {
    return annotations.letTypes.getOrDefault(let, Type.Special.ERROR);
  }
}
