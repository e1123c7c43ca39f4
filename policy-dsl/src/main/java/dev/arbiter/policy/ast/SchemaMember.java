package dev.arbiter.policy.ast;

import java.util.List;
import java.util.Optional;

/** One line of a schema block. */
public sealed interface SchemaMember extends Node {

  /**
   * {@code subject user in [group] { ... }}: an entity type, the role it plays in requests, the
   * types its parents may have, and its attributes. Without a body it only adds a role to a type
   * declared elsewhere.
   */
  record EntityTypeDeclaration(
      Span span,
      EntityRole role,
      String name,
      List<String> parentTypes,
      Optional<TypeExpr.RecordTypeExpr> attributes)
      implements SchemaMember {
    public EntityTypeDeclaration {
      Nodes.require(span, "span");
      Nodes.require(role, "role");
      Nodes.require(name, "name");
      parentTypes = Nodes.copy(parentTypes, "parentTypes");
      Nodes.require(attributes, "attributes");
    }
  }

  /** {@code action "tools/call", "tools/list"}: action names policies may compare against. */
  record ActionNamesDeclaration(Span span, List<String> names) implements SchemaMember {
    public ActionNamesDeclaration {
      Nodes.require(span, "span");
      names = Nodes.copy(names, "names");
    }
  }

  /** {@code action { soft?: bool }}: the properties every action may carry. */
  record ActionPropertiesDeclaration(Span span, TypeExpr.RecordTypeExpr properties)
      implements SchemaMember {
    public ActionPropertiesDeclaration {
      Nodes.require(span, "span");
      Nodes.require(properties, "properties");
    }
  }

  /** {@code context { ... }}: the request context's attributes. */
  record ContextDeclaration(Span span, TypeExpr.RecordTypeExpr attributes)
      implements SchemaMember {
    public ContextDeclaration {
      Nodes.require(span, "span");
      Nodes.require(attributes, "attributes");
    }
  }

  /** {@code data blocked_subjects: set<string>}: a named value the bundle's data files supply. */
  record DataDeclaration(Span span, String name, TypeExpr type) implements SchemaMember {
    public DataDeclaration {
      Nodes.require(span, "span");
      Nodes.require(name, "name");
      Nodes.require(type, "type");
    }
  }

  /** {@code obligation mask(fields: set<string>)}: an obligation or advice and its arguments. */
  record DirectiveDeclaration(
      Span span, DirectiveKind kind, String name, List<AttributeDeclaration> parameters)
      implements SchemaMember {
    public DirectiveDeclaration {
      Nodes.require(span, "span");
      Nodes.require(kind, "kind");
      Nodes.require(name, "name");
      parameters = Nodes.copy(parameters, "parameters");
    }
  }
}
