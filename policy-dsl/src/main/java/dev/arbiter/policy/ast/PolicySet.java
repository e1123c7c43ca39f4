package dev.arbiter.policy.ast;

import java.util.List;
import java.util.Optional;

/** {@code policyset "id" combine alg { target ...; members }}. */
public record PolicySet(
    Span span,
    List<Annotation> annotations,
    String id,
    Optional<Combining> combining,
    Optional<Expr> target,
    List<LetBinding> lets,
    List<EffectDirective> directives,
    List<PolicyElement> members)
    implements Declaration, PolicyElement {
  public PolicySet {
    Nodes.require(span, "span");
    annotations = Nodes.copy(annotations, "annotations");
    Nodes.require(id, "id");
    Nodes.require(combining, "combining");
    Nodes.require(target, "target");
    lets = Nodes.copy(lets, "lets");
    directives = Nodes.copy(directives, "directives");
    members = Nodes.copy(members, "members");
  }
}
