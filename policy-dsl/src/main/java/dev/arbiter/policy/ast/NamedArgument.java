package dev.arbiter.policy.ast;

/** {@code name: expression} in an obligation, advice, or expected obligation. */
public record NamedArgument(Span span, String name, Expr value) implements Node {
  public NamedArgument {
    Nodes.require(span, "span");
    Nodes.require(name, "name");
    Nodes.require(value, "value");
  }
}
