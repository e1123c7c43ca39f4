package dev.arbiter.policy.ast;

/**
 * {@code on permit obligation audit(...)}: an obligation or advice of a policy or policy set that
 * is attached when the element decides with the given effect.
 */
public record EffectDirective(Span span, Effect on, Directive directive) implements Node {
  public EffectDirective {
    Nodes.require(span, "span");
    Nodes.require(on, "on");
    Nodes.require(directive, "directive");
  }
}
