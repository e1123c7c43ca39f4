package dev.arbiter.policy.ast;

import java.util.Optional;

/** {@code import a.b [as c]}: makes package {@code a.b}'s definitions reachable as {@code c.name}. */
public record Import(Span span, QualifiedName name, Optional<String> alias) implements Node {
  public Import {
    Nodes.require(span, "span");
    Nodes.require(name, "name");
    Nodes.require(alias, "alias");
  }

  /** The name this import binds in its file: the alias, or the package's last part. */
  public String localName() {
    return alias.orElse(name.last());
  }
}
