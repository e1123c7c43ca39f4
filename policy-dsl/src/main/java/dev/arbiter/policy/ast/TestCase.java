package dev.arbiter.policy.ast;

import java.util.List;

/** {@code test "name" { request parts; expect ... }}. */
public record TestCase(
    Span span,
    List<Annotation> annotations,
    String name,
    List<TestRequestPart> parts,
    Expectation expectation)
    implements Node {
  public TestCase {
    Nodes.require(span, "span");
    annotations = Nodes.copy(annotations, "annotations");
    Nodes.require(name, "name");
    parts = Nodes.copy(parts, "parts");
    Nodes.require(expectation, "expectation");
  }
}
