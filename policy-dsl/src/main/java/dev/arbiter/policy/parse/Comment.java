package dev.arbiter.policy.parse;

import dev.arbiter.policy.ast.Span;

/**
 * A comment as written, {@code //} or {@code /* *}{@code /} included. Comments are not part of the
 * AST; the formatter puts them back beside the nodes they precede.
 */
public record Comment(Span span, String text) {
  /** Whether this is a {@code //} comment, which runs to the end of its line. */
  public boolean isLineComment() {
    return text.startsWith("//");
  }
}
