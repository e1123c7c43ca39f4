package dev.arbiter.policy.ast;

import java.util.Optional;

/** One part of a test's request. Property values must be constant expressions. */
public sealed interface TestRequestPart extends Node {

  /** {@code subject user "alice" { ... }} or {@code resource tool "fs/read" { ... }}. */
  record TestEntity(
      Span span,
      EntityRole role,
      String entityType,
      String id,
      Optional<Expr.RecordLiteral> properties)
      implements TestRequestPart {
    public TestEntity {
      Nodes.require(span, "span");
      Nodes.require(role, "role");
      Nodes.require(entityType, "entityType");
      Nodes.require(id, "id");
      Nodes.require(properties, "properties");
    }
  }

  /** {@code action "tools/call" { ... }}. */
  record TestAction(Span span, String name, Optional<Expr.RecordLiteral> properties)
      implements TestRequestPart {
    public TestAction {
      Nodes.require(span, "span");
      Nodes.require(name, "name");
      Nodes.require(properties, "properties");
    }
  }

  /** {@code context { ... }}. */
  record TestContext(Span span, Expr.RecordLiteral attributes) implements TestRequestPart {
    public TestContext {
      Nodes.require(span, "span");
      Nodes.require(attributes, "attributes");
    }
  }
}
