package dev.arbiter.policy.check;

import dev.arbiter.policy.ast.Definition;
import dev.arbiter.policy.ast.Node;
import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.diagnostic.DiagnosticCode;
import dev.arbiter.policy.schema.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every package's {@code def}s, typed on first use so they may be declared in any order and any
 * file; a definition that reaches itself is reported once, with the path that closes the cycle.
 */
final class Definitions {
  record Def(String packageName, Definition definition, Scope.FileScope file) {}

  /** How deeply definitions may refer to definitions. */
  static final int MAX_DEPTH = 32;

  private final Map<String, Map<String, Def>> byPackage = new LinkedHashMap<>();
  private final Map<Definition, Type> types = new IdentityHashMap<>();
  private final List<Def> inProgress = new ArrayList<>();
  /** One chain too deep is reported once; the definitions below it would repeat the news. */
  private boolean reportedDepth;
  private final Annotations annotations;
  private final List<Diagnostic> out;

  Definitions(Annotations annotations, List<Diagnostic> out) {
    this.annotations = annotations;
    this.out = out;
  }

  /** Adds a definition; false when its package already has one of that name. */
  boolean add(Def def) {
    return byPackage.computeIfAbsent(def.packageName(), p -> new LinkedHashMap<>())
        .putIfAbsent(def.definition().name(), def) == null;
  }

  Optional<Def> find(String packageName, String name) {
    return Optional.ofNullable(byPackage.getOrDefault(packageName, Map.of()).get(name));
  }

  Optional<Def> existing(Def def) {
    return find(def.packageName(), def.definition().name());
  }

  Set<String> namesIn(String packageName) {
    return byPackage.getOrDefault(packageName, Map.of()).keySet();
  }

  Collection<Def> all() {
    return byPackage.values().stream().flatMap(m -> m.values().stream()).toList();
  }

  /** The type of a definition, checking it first if needed; {@code reference} is where it is used. */
  Type typeOf(Def def, Node reference, TypeChecker checker) {
    if (reference != null) {
      annotations.usedDefinitions.add(def.definition());
    }
    Type known = types.get(def.definition());
    if (known != null) {
      return known;
    }
    int at = inProgress.indexOf(def);
    if (at >= 0) {
      List<String> cycle = new ArrayList<>();
      for (Def step : inProgress.subList(at, inProgress.size())) {
        cycle.add(step.definition().name());
      }
      cycle.add(def.definition().name());
      out.add(Diagnostic.of(DiagnosticCode.DEFINITION_CYCLE, reference.span().location(),
          "definition `" + def.definition().name() + "` refers to itself: " + String.join(" → ", cycle)
              + "; definitions cannot be recursive"));
      types.put(def.definition(), Type.Special.ERROR);
      return Type.Special.ERROR;
    }
    if (inProgress.size() >= MAX_DEPTH) {
      // each level is evaluated inside the one that uses it: a deep chain would be a deep evaluation
      if (!reportedDepth) {
        reportedDepth = true;
        out.add(Diagnostic.of(DiagnosticCode.NESTING_TOO_DEEP, reference.span().location(),
            "definitions refer to definitions more than " + MAX_DEPTH + " deep here; flatten the chain"));
      }
      types.put(def.definition(), Type.Special.ERROR);
      return Type.Special.ERROR;
    }
    inProgress.add(def);
    Type type = checker.type(def.definition().value(), Scope.of(def.file()), Facts.NONE);
    inProgress.removeLast();
    types.putIfAbsent(def.definition(), type);
    return types.get(def.definition());
  }
}
