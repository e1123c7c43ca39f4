package dev.arbiter.policy.ast;

import java.util.List;

/** {@code schema { ... }}: the bundle's attribute types; all schema blocks of a bundle merge. */
public record SchemaDeclaration(Span span, List<SchemaMember> members) implements Declaration {
  public SchemaDeclaration {
    Nodes.require(span, "span");
    members = Nodes.copy(members, "members");
  }
}
