package dev.arbiter.policy.ast;

import java.util.List;
import java.util.Optional;

/** {@code policy "id" combine alg { target ...; rules }}. */
public record Policy(
    Span span,
    List<Annotation> annotations,
    String id,
    Optional<Combining> combining,
    Optional<Expr> target,
    List<LetBinding> lets,
    List<EffectDirective> directives,
    List<Rule> rules)
    implements Declaration, PolicyElement {
  public Policy {
    Nodes.require(span, "span");
    annotations = Nodes.copy(annotations, "annotations");
    Nodes.require(id, "id");
    Nodes.require(combining, "combining");
    Nodes.require(target, "target");
    lets = Nodes.copy(lets, "lets");
    directives = Nodes.copy(directives, "directives");
    rules = Nodes.copy(rules, "rules");
  }
}
