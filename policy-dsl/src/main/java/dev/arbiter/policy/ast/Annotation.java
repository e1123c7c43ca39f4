package dev.arbiter.policy.ast;

/**
 * {@code @description("...")}: metadata on a policy set, policy, rule or test that survives into
 * reasons and the audit trail.
 */
public record Annotation(Span span, String name, String value) implements Node {
  public Annotation {
    Nodes.require(span, "span");
    Nodes.require(name, "name");
    Nodes.require(value, "value");
  }
}
