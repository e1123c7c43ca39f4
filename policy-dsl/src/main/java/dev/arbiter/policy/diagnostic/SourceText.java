package dev.arbiter.policy.diagnostic;

import java.util.Objects;

/** A file's text and the path diagnostics name it by. */
public record SourceText(String path, String text) {
  public SourceText {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(text, "text");
  }
}
