package dev.arbiter.policy.ast;

/** {@code name?: type}: an attribute of a record type, or a parameter of an obligation. */
public record AttributeDeclaration(Span span, String name, boolean optional, TypeExpr type)
    implements Node {
  public AttributeDeclaration {
    Nodes.require(span, "span");
    Nodes.require(name, "name");
    Nodes.require(type, "type");
  }
}
