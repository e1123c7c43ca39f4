package dev.arbiter.policy.ast;

/** Anything written in a {@code .pol} or {@code .poltest} file. */
public interface Node {
  /** Where the node was written; excluded from equality. */
  Span span();
}
