package dev.arbiter.policy.ast;

/** {@code let name = expression} in a policy set, policy or rule. */
public record LetBinding(Span span, String name, Expr value) implements Node {
  public LetBinding {
    Nodes.require(span, "span");
    Nodes.require(name, "name");
    Nodes.require(value, "value");
  }
}
