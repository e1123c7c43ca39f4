package dev.arbiter.policy.compile;

import dev.arbiter.policy.ast.Annotation;
import dev.arbiter.policy.ast.CombiningAlgorithm;
import dev.arbiter.policy.ast.Directive;
import dev.arbiter.policy.ast.DirectiveKind;
import dev.arbiter.policy.ast.Effect;
import dev.arbiter.policy.ast.EffectDirective;
import dev.arbiter.policy.ast.NamedArgument;
import dev.arbiter.policy.ast.PolicyElement;
import dev.arbiter.policy.check.CheckedBundle;
import dev.arbiter.policy.decision.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import dev.arbiter.policy.schema.Attribute;
import dev.arbiter.policy.schema.DirectiveSignature;
import dev.arbiter.policy.schema.Types;

/** Compiles a checked bundle. Stateless; each call is independent. */
public final class Compiler {
  /** Policy sets with fewer members are scanned: an index costs more than it saves. */
  static final int INDEX_THRESHOLD = 8;

  /** Algorithms for which combining a nested group first and combining all at once agree. */
  private static final Set<CombiningAlgorithm> ASSOCIATIVE = EnumSet.of(
      CombiningAlgorithm.DENY_OVERRIDES, CombiningAlgorithm.PERMIT_OVERRIDES, CombiningAlgorithm.FIRST_APPLICABLE,
      CombiningAlgorithm.DENY_UNLESS_PERMIT, CombiningAlgorithm.PERMIT_UNLESS_DENY);

  private final CheckedBundle bundle;
  private final ExpressionCompiler expressions;
  private final Constraints constraints;

  private Compiler(CheckedBundle bundle) {
    this.bundle = bundle;
    this.expressions = new ExpressionCompiler(bundle);
    this.constraints = new Constraints(bundle);
  }

  /** Compiles {@code bundle} into an immutable, thread-safe decision structure. */
  public static CompiledBundle compile(CheckedBundle bundle) {
    return new Compiler(bundle).compile();
  }

  private CompiledBundle compile() {
    Element root = set(bundle.name(), null, bundle.rootAlgorithm(), bundle.elements(), List.of());
    return new CompiledBundle(bundle, root, expressions.letCount(), expressions.callSiteCount());
  }

  private Element element(PolicyElement element) {
    Code target = element.target().map(expressions::compile).orElse(null);
    if (target instanceof Operators.Constant c && Boolean.TRUE.equals(c.value())) {
      target = null;
    }
    return switch (element) {
      case dev.arbiter.policy.ast.PolicySet set ->
          set(set.id(), target, CheckedBundle.algorithm(set), set.members(), set.directives());
      case dev.arbiter.policy.ast.Policy policy -> policy(policy, target);
    };
  }

  private Element set(String id, Code target, CombiningAlgorithm algorithm,
      List<PolicyElement> members, List<EffectDirective> directives) {
    List<PolicyElement> flat = new ArrayList<>();
    flatten(members, algorithm, flat);
    Element[] compiled = new Element[flat.size()];
    for (int i = 0; i < compiled.length; i++) {
      compiled[i] = element(flat.get(i));
    }
    TargetIndex index = null;
    if (flat.size() >= INDEX_THRESHOLD) {
      index = TargetIndex.build(flat.stream().map(constraints::of).toList());
    }
    return new Element.PolicySet(id, target, algorithm, onEffect(directives, Effect.PERMIT),
        onEffect(directives, Effect.DENY), compiled, index);
  }

  /**
   * Splices in the members of nested policy sets that combine exactly as their parent would: same
   * algorithm, one whose result does not depend on grouping, no target, no obligations. One index
   * then covers them all, however the sets were split across files.
   */
  private static void flatten(List<PolicyElement> members, CombiningAlgorithm algorithm, List<PolicyElement> into) {
    for (PolicyElement member : members) {
      if (member instanceof dev.arbiter.policy.ast.PolicySet set
          && ASSOCIATIVE.contains(algorithm)
          && CheckedBundle.algorithm(set) == algorithm
          && set.target().isEmpty()
          && set.directives().isEmpty()) {
        flatten(set.members(), algorithm, into);
      } else {
        into.add(member);
      }
    }
  }

  private Element policy(dev.arbiter.policy.ast.Policy policy, Code target) {
    Element.Rule[] rules = new Element.Rule[policy.rules().size()];
    for (int i = 0; i < rules.length; i++) {
      dev.arbiter.policy.ast.Rule rule = policy.rules().get(i);
      String id = rule.id().orElse(String.valueOf(i + 1));
      Code condition = rule.condition().map(expressions::compile).orElse(null);
      if (condition instanceof Operators.Constant c && Boolean.TRUE.equals(c.value())) {
        condition = null;
      }
      Map<String, String> annotations = annotations(policy.annotations());
      annotations.putAll(annotations(rule.annotations()));
      rules[i] = new Element.Rule(id, rule.effect(), condition, directives(rule.directives()),
          new Reason(policy.id(), id, rule.effect(), annotations));
    }
    return new Element.Policy(policy.id(), target, CheckedBundle.algorithm(policy),
        onEffect(policy.directives(), Effect.PERMIT), onEffect(policy.directives(), Effect.DENY), rules);
  }

  private Directives onEffect(List<EffectDirective> directives, Effect effect) {
    if (directives.isEmpty()) {
      return Directives.NONE;
    }
    return directives(directives.stream().filter(d -> d.on() == effect).map(EffectDirective::directive).toList());
  }

  private Directives directives(List<Directive> directives) {
    if (directives.isEmpty()) {
      return Directives.NONE;
    }
    List<Directives.Spec> obligations = new ArrayList<>();
    List<Directives.Spec> advice = new ArrayList<>();
    for (Directive directive : directives) {
      Optional<DirectiveSignature> signature = bundle.schema().directive(directive.kind(), directive.name());
      List<Code> values = new ArrayList<>();
      for (NamedArgument argument : directive.arguments()) {
        Code value = expressions.compile(argument.value());
        Optional<Attribute> parameter = signature.map(s -> s.parameters().get(argument.name()));
        if (parameter.isPresent() && Types.containsAny(bundle.typeOf(argument.value()))) {
          value = new Operators.Conform(value, parameter.get().type(),
              "argument `" + argument.name() + "` of " + directive.kind().keyword() + " `" + directive.name() + "`");
        }
        values.add(value);
      }
      Directives.Spec spec = new Directives.Spec(directive.name(),
          directive.arguments().stream().map(NamedArgument::name).toList(), values);
      (directive.kind() == DirectiveKind.OBLIGATION ? obligations : advice).add(spec);
    }
    return new Directives(obligations, advice);
  }

  private static Map<String, String> annotations(List<Annotation> annotations) {
    Map<String, String> map = new LinkedHashMap<>();
    annotations.forEach(a -> map.put(a.name(), a.value()));
    return map;
  }
}
