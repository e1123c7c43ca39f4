package dev.arbiter.policy.ast;

import java.util.List;
import java.util.Optional;

/** A type as written in a schema: {@code int}, {@code set<string>}, {@code { a: int }}. */
public sealed interface TypeExpr extends Node {

  /** A named type with an optional type argument: {@code string}, {@code set<string>}, {@code tool}. */
  record NamedTypeExpr(Span span, String name, Optional<TypeExpr> argument) implements TypeExpr {
    public NamedTypeExpr {
      Nodes.require(span, "span");
      Nodes.require(name, "name");
      Nodes.require(argument, "argument");
    }
  }

  /** A record type: attributes in declaration order. */
  record RecordTypeExpr(Span span, List<AttributeDeclaration> attributes) implements TypeExpr {
    public RecordTypeExpr {
      Nodes.require(span, "span");
      attributes = Nodes.copy(attributes, "attributes");
    }
  }
}
