package dev.arbiter.policy.ast;

/** {@code combine deny-overrides}: the algorithm's name as written; the checker resolves it. */
public record Combining(Span span, String algorithm) implements Node {
  public Combining {
    Nodes.require(span, "span");
    Nodes.require(algorithm, "algorithm");
  }
}
