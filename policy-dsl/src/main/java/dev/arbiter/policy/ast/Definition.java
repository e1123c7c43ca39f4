package dev.arbiter.policy.ast;

/** {@code def name = expression}: a named expression of a package, reachable from importers. */
public record Definition(Span span, String name, Expr value) implements Declaration {
  public Definition {
    Nodes.require(span, "span");
    Nodes.require(name, "name");
    Nodes.require(value, "value");
  }
}
