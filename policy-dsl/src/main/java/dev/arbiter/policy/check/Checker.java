package dev.arbiter.policy.check;

import dev.arbiter.policy.ast.*;
import dev.arbiter.policy.bundle.BundleSource;
import dev.arbiter.policy.data.BundleData;
import dev.arbiter.policy.data.DataLoader;
import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.diagnostic.DiagnosticCode;
import dev.arbiter.policy.diagnostic.SourceLocation;
import dev.arbiter.policy.diagnostic.SourceText;
import dev.arbiter.policy.diagnostic.Suggestions;
import dev.arbiter.policy.parse.ParseResult;
import dev.arbiter.policy.parse.PolicyParser;
import dev.arbiter.policy.schema.Attribute;
import dev.arbiter.policy.schema.DirectiveSignature;
import dev.arbiter.policy.schema.Schema;
import dev.arbiter.policy.schema.Type;
import dev.arbiter.policy.schema.Types;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a whole bundle. Stateless entry point; each call is independent and thread-confined.
 *
 * <p>Order: parse every file; build the schema; load the data; resolve packages and imports; type
 * every definition, target, {@code let}, condition and obligation; check the tests; run the lints;
 * report what is unused.
 */
public final class Checker {
  private final BundleSource source;
  private final List<Diagnostic> out = new ArrayList<>();
  private final Annotations annotations = new Annotations();
  private final Definitions definitions = new Definitions(annotations, out);

  private Checker(BundleSource source) {
    this.source = source;
  }

  public static CheckResult check(BundleSource source) {
    return new Checker(source).run();
  }

  private record ParsedFile(PolicyFile ast, Scope.FileScope scope) {}

  private CheckResult run() {
    out.addAll(source.problems());
    Manifest manifest = Manifest.read(source.manifest(), defaultName(), out);

    List<PolicyFile> policyFiles = new ArrayList<>();
    for (SourceText text : source.policies()) {
      ParseResult<PolicyFile> parsed = PolicyParser.parsePolicyFile(text.path(), text.text());
      out.addAll(parsed.diagnostics());
      parsed.tree().ifPresent(policyFiles::add);
    }
    List<Map.Entry<String, TestFile>> testFiles = new ArrayList<>();
    for (SourceText text : source.tests()) {
      ParseResult<TestFile> parsed = PolicyParser.parseTestFile(text.path(), text.text());
      out.addAll(parsed.diagnostics());
      parsed.tree().ifPresent(tree -> testFiles.add(Map.entry(text.path(), tree)));
    }

    if (out.stream().anyMatch(Diagnostic::isError)) {
      // a file that does not parse would make every later stage report what follows from it
      return new CheckResult(source, Optional.empty(), sorted(out));
    }

    List<SchemaDeclaration> schemaBlocks = new ArrayList<>();
    policyFiles.forEach(f -> f.declarations().stream()
        .filter(SchemaDeclaration.class::isInstance).map(SchemaDeclaration.class::cast).forEach(schemaBlocks::add));
    if (schemaBlocks.isEmpty() && !policyFiles.isEmpty()) {
      out.add(Diagnostic.of(DiagnosticCode.MISSING_SCHEMA, SourceLocation.ofFile(policyFiles.getFirst().span().file()),
          "the bundle declares no schema; add a `schema { … }` block to one of its files"));
    }
    Schema schema = Schema.build(schemaBlocks, out);
    DataLoader.Loaded loaded = DataLoader.load(source.data(), schema, out);
    BundleData data = loaded.data();
    checkDataDeclarations(schemaBlocks, loaded.definedValues());

    List<ParsedFile> files = resolvePackages(policyFiles);
    TypeChecker types = new TypeChecker(schema, data.entities(), definitions, annotations, out);
    for (Definitions.Def def : definitions.all()) {
      definitions.typeOf(def, null, types);
    }

    Map<String, PolicyElement> elementsById = new LinkedHashMap<>();
    List<PolicyElement> topLevel = new ArrayList<>();
    ElementChecker elementChecker = new ElementChecker(schema, types, elementsById);
    for (ParsedFile file : files) {
      for (Declaration declaration : file.ast().declarations()) {
        if (declaration instanceof PolicyElement element) {
          topLevel.add(element);
          elementChecker.element(element, Scope.of(file.scope()), Facts.NONE);
        }
      }
    }

    TestChecker testChecker = new TestChecker(schema, types, elementsById, out);
    List<CheckedTest> tests = new ArrayList<>();
    for (Map.Entry<String, TestFile> file : testFiles) {
      tests.addAll(testChecker.check(file.getKey(), file.getValue()));
    }

    Lints lints = new Lints(out);
    topLevel.forEach(lints::element);
    definitions.all().forEach(def -> lints.expression(def.definition().value()));
    reportUnused(files, schemaBlocks);

    boolean failed = out.stream().anyMatch(Diagnostic::isError);
    Optional<CheckedBundle> bundle = failed
        ? Optional.empty()
        : Optional.of(new CheckedBundle(source, manifest, policyFiles, topLevel, schema, data, tests, annotations));
    return new CheckResult(source, bundle, sorted(out));
  }

  private static List<Diagnostic> sorted(List<Diagnostic> diagnostics) {
    List<Diagnostic> copy = new ArrayList<>(diagnostics);
    copy.sort(Comparator.comparing((Diagnostic d) -> d.location().file())
        .thenComparingInt(d -> d.location().line())
        .thenComparingInt(d -> d.location().column()));
    return copy;
  }

  private String defaultName() {
    Path fileName = Path.of(source.root()).toAbsolutePath().normalize().getFileName();
    return fileName == null ? source.root() : fileName.toString();
  }

  private void checkDataDeclarations(List<SchemaDeclaration> blocks, Set<String> defined) {
    for (SchemaDeclaration block : blocks) {
      for (SchemaMember member : block.members()) {
        if (member instanceof SchemaMember.DataDeclaration declaration && !defined.contains(declaration.name())) {
          out.add(Diagnostic.of(DiagnosticCode.DATA_VALUE_MISMATCH, declaration.span().location(),
              "data value `" + declaration.name() + "` is declared but no data file defines it; add it under "
                  + "\"values\" in a JSON data file of the bundle"));
        }
      }
    }
  }

  // ---------------------------------------------------------------- packages and imports

  private List<ParsedFile> resolvePackages(List<PolicyFile> policyFiles) {
    Set<String> packages = new HashSet<>();
    policyFiles.forEach(f -> packages.add(f.packageName().toString()));
    Map<String, List<Import>> edges = new LinkedHashMap<>();
    List<ParsedFile> files = new ArrayList<>();
    for (PolicyFile file : policyFiles) {
      String packageName = file.packageName().toString();
      Map<String, Scope.ImportedPackage> imports = new LinkedHashMap<>();
      for (Import declaration : file.imports()) {
        String imported = declaration.name().toString();
        if (!packages.contains(imported)) {
          annotations.usedImports.add(declaration); // reported as unknown; calling it unused too says nothing new
          out.add(Diagnostic.of(DiagnosticCode.UNKNOWN_IMPORT, declaration.name().span().location(),
              "unknown package `" + imported + "`; the bundle's packages are " + String.join(", ", new java.util.TreeSet<>(packages))
                  + Suggestions.didYouMean(imported, packages)));
          continue;
        }
        if (imports.putIfAbsent(declaration.localName(), new Scope.ImportedPackage(declaration, imported)) != null) {
          out.add(Diagnostic.of(DiagnosticCode.DUPLICATE_DECLARATION, declaration.span().location(),
              "`" + declaration.localName() + "` is imported twice in this file; give one an alias with `as`"));
          continue;
        }
        edges.computeIfAbsent(packageName, p -> new ArrayList<>()).add(declaration);
      }
      Scope.FileScope scope = new Scope.FileScope(file.span().file(), packageName, imports);
      files.add(new ParsedFile(file, scope));
      for (Declaration declaration : file.declarations()) {
        if (declaration instanceof Definition definition) {
          Definitions.Def def = new Definitions.Def(packageName, definition, scope);
          if (!definitions.add(def)) {
            out.add(Diagnostic.of(DiagnosticCode.DUPLICATE_DECLARATION, definition.span().location(),
                "package `" + packageName + "` already defines `" + definition.name() + "` at "
                    + definitions.existing(def).orElseThrow().definition().span()));
          }
        }
      }
    }
    reportImportCycles(edges);
    return files;
  }

  /** Depth-first search over the package graph; each cycle is reported once, at the import that closes it. */
  private void reportImportCycles(Map<String, List<Import>> edges) {
    Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = done
    for (String start : edges.keySet()) {
      visit(start, edges, state, new ArrayList<>());
    }
  }

  private void visit(String pkg, Map<String, List<Import>> edges, Map<String, Integer> state, List<String> path) {
    Integer seen = state.get(pkg);
    if (seen != null) {
      return;
    }
    state.put(pkg, 1);
    path.add(pkg);
    for (Import edge : edges.getOrDefault(pkg, List.of())) {
      String target = edge.name().toString();
      if (Integer.valueOf(1).equals(state.get(target))) {
        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(target), path.size()));
        cycle.add(target);
        out.add(Diagnostic.of(DiagnosticCode.IMPORT_CYCLE, edge.span().location(),
            "import cycle: " + String.join(" → ", cycle) + "; packages cannot import each other in a circle"));
      } else {
        visit(target, edges, state, path);
      }
    }
    path.removeLast();
    state.put(pkg, 2);
  }

  // ---------------------------------------------------------------- policy sets, policies, rules

  /** Checks policy elements top-down, carrying lets and the facts their targets establish. */
  private final class ElementChecker {
    private final Schema schema;
    private final TypeChecker types;
    private final Map<String, PolicyElement> elementsById;

    ElementChecker(Schema schema, TypeChecker types, Map<String, PolicyElement> elementsById) {
      this.schema = schema;
      this.types = types;
      this.elementsById = elementsById;
    }

    void element(PolicyElement element, Scope outer, Facts inherited) {
      PolicyElement previous = elementsById.putIfAbsent(element.id(), element);
      if (previous != null) {
        out.add(Diagnostic.of(DiagnosticCode.DUPLICATE_POLICY_ID, element.span().location(),
            "policy id `" + element.id() + "` is already used at " + previous.span() + "; ids must be unique in a bundle"));
      }
      element.combining().ifPresent(combining -> {
        if (CombiningAlgorithm.fromKeyword(combining.algorithm()).isEmpty()) {
          out.add(Diagnostic.of(DiagnosticCode.UNKNOWN_COMBINING_ALGORITHM, combining.span().location(),
              "unknown combining algorithm `" + combining.algorithm() + "`; expected one of "
                  + String.join(", ", CombiningAlgorithm.keywords())
                  + Suggestions.didYouMean(combining.algorithm(), CombiningAlgorithm.keywords())));
        }
      });
      Scope scope = outer.child();
      Facts facts = inherited;
      if (element.target().isPresent()) {
        Expr target = element.target().get();
        types.condition(target, scope, facts, "a target");
        facts = facts.and(types.factsWhen(target, true));
      }
      lets(element.lets(), scope, facts);
      for (EffectDirective directive : element.directives()) {
        directive(directive.directive(), scope, facts);
      }
      switch (element) {
        case PolicySet set -> {
          for (PolicyElement member : set.members()) {
            element(member, scope, facts);
          }
        }
        case Policy policy -> {
          Map<String, Rule> ruleIds = new HashMap<>();
          for (Rule rule : policy.rules()) {
            rule.id().ifPresent(id -> {
              if (ruleIds.putIfAbsent(id, rule) != null) {
                out.add(Diagnostic.of(DiagnosticCode.DUPLICATE_DECLARATION, rule.span().location(),
                    "policy `" + policy.id() + "` already has a rule `" + id + "`"));
              }
            });
            rule(rule, scope, facts);
          }
        }
      }
    }

    private void rule(Rule rule, Scope outer, Facts facts) {
      Scope scope = outer.child();
      lets(rule.lets(), scope, facts);
      Facts applies = facts;
      if (rule.condition().isPresent()) {
        types.condition(rule.condition().get(), scope, facts, "a rule's condition");
        applies = facts.and(types.factsWhen(rule.condition().get(), true));
      }
      for (Directive directive : rule.directives()) {
        directive(directive, scope, applies);
      }
    }

    private void lets(List<LetBinding> lets, Scope scope, Facts facts) {
      for (LetBinding let : lets) {
        Optional<dev.arbiter.policy.ast.Span> first = scope.let(let.name()).map(LetBinding::span)
            .or(() -> definitions.find(scope.file().packageName(), let.name()).map(d -> d.definition().span()));
        if (first.isPresent()) {
          out.add(Diagnostic.of(DiagnosticCode.DUPLICATE_DECLARATION, let.span().location(),
              "`" + let.name() + "` is already defined at " + first.get() + "; a `let` cannot hide another `let` or a `def`"));
          continue;
        }
        annotations.letTypes.put(let, types.type(let.value(), scope, facts));
        scope.declare(let);
      }
    }

    private void directive(Directive directive, Scope scope, Facts facts) {
      Optional<DirectiveSignature> signature = schema.directive(directive.kind(), directive.name());
      String what = directive.kind().keyword() + " `" + directive.name() + "`";
      if (directive.kind() == DirectiveKind.OBLIGATION && signature.isEmpty()) {
        out.add(Diagnostic.of(DiagnosticCode.UNKNOWN_OBLIGATION, directive.span().location(),
            "unknown obligation `" + directive.name() + "`; declare it in the schema, as in `obligation "
                + directive.name() + "(…)`, so enforcement points know it" + Suggestions.didYouMean(directive.name(), schema.obligations().keySet())));
      }
      Set<String> given = new HashSet<>();
      for (NamedArgument argument : directive.arguments()) {
        Type type = types.type(argument.value(), scope, facts);
        if (!given.add(argument.name())) {
          out.add(Diagnostic.of(DiagnosticCode.DUPLICATE_DECLARATION, argument.span().location(),
              "argument `" + argument.name() + "` of " + what + " is given twice"));
          continue;
        }
        if (signature.isEmpty()) {
          continue;
        }
        Attribute parameter = signature.get().parameters().get(argument.name());
        if (parameter == null) {
          out.add(Diagnostic.of(DiagnosticCode.INVALID_DIRECTIVE_ARGUMENTS, argument.span().location(),
              what + " has no argument `" + argument.name() + "`; its arguments are "
                  + (signature.get().parameters().isEmpty() ? "none" : String.join(", ", signature.get().parameters().keySet()))
                  + Suggestions.didYouMean(argument.name(), signature.get().parameters().keySet())));
        } else if (!Types.isAssignable(parameter.type(), type)) {
          out.add(Diagnostic.of(DiagnosticCode.TYPE_MISMATCH, argument.value().span().location(),
              "argument `" + argument.name() + "` of " + what + " must be " + parameter.type() + ", found " + type));
        }
      }
      signature.ifPresent(s -> s.parameters().values().stream()
          .filter(p -> !p.optional() && !given.contains(p.name()))
          .forEach(p -> out.add(Diagnostic.of(DiagnosticCode.INVALID_DIRECTIVE_ARGUMENTS, directive.span().location(),
              what + " needs argument `" + p.name() + "` of type " + p.type()))));
    }
  }

  // ---------------------------------------------------------------- unused

  private void reportUnused(List<ParsedFile> files, List<SchemaDeclaration> schemaBlocks) {
    for (ParsedFile file : files) {
      for (Import declaration : file.ast().imports()) {
        if (!annotations.usedImports.contains(declaration)) {
          out.add(Diagnostic.of(DiagnosticCode.UNUSED_IMPORT, declaration.span().location(),
              "import `" + declaration.name() + "` is not used; remove it"));
        }
      }
    }
    for (SchemaDeclaration block : schemaBlocks) {
      for (SchemaMember member : block.members()) {
        if (member instanceof SchemaMember.DataDeclaration data && !annotations.usedData.contains(data.name())) {
          out.add(Diagnostic.of(DiagnosticCode.UNUSED_DATA, data.span().location(),
              "data value `" + data.name() + "` is declared but no policy reads it"));
        }
      }
    }
    for (Definitions.Def def : definitions.all()) {
      if (!annotations.usedDefinitions.contains(def.definition())) {
        out.add(Diagnostic.of(DiagnosticCode.UNUSED_BINDING, def.definition().span().location(),
            "definition `" + def.definition().name() + "` is not used"));
      }
    }
    for (LetBinding let : annotations.letTypes.keySet()) {
      if (!annotations.usedLets.contains(let)) {
        out.add(Diagnostic.of(DiagnosticCode.UNUSED_BINDING, let.span().location(), "`let " + let.name() + "` is not used"));
      }
    }
  }
}
