package dev.arbiter.policy.ast;

import java.util.List;

/** A dotted name such as {@code mcp.tools}. */
public record QualifiedName(Span span, List<String> parts) implements Node {
  public QualifiedName {
    Nodes.require(span, "span");
    parts = Nodes.copy(parts, "parts");
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a qualified name has at least one part");
    }
  }

  /** The last part: the name an import binds when it has no alias. */
  public String last() {
    return parts.getLast();
  }

  @Override
  public String toString() {
    return String.join(".", parts);
  }
}
