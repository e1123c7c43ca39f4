package dev.arbiter.policy.ast;

import java.util.List;
import java.util.Optional;

/** {@code permit "id" let x = ... when condition obligation ...}. */
public record Rule(
    Span span,
    List<Annotation> annotations,
    Effect effect,
    Optional<String> id,
    List<LetBinding> lets,
    Optional<Expr> condition,
    List<Directive> directives)
    implements Node {
  public Rule {
    Nodes.require(span, "span");
    annotations = Nodes.copy(annotations, "annotations");
    Nodes.require(effect, "effect");
    Nodes.require(id, "id");
    lets = Nodes.copy(lets, "lets");
    Nodes.require(condition, "condition");
    directives = Nodes.copy(directives, "directives");
  }
}
