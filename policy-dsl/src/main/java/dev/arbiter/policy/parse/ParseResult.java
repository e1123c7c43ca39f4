package dev.arbiter.policy.parse;

import dev.arbiter.policy.diagnostic.Diagnostic;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What parsing one input produced: the tree when there was no error, the comments, and the
 * diagnostics. Parsing stops at the first syntax error, so there is at most one error.
 *
 * @param <T> the kind of tree: a policy file, a test file or an expression
 */
public record ParseResult<T>(
    String path, String text, Optional<T> tree, List<Comment> comments, List<Diagnostic> diagnostics) {

  public ParseResult {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(tree, "tree");
    comments = List.copyOf(comments);
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }
}
