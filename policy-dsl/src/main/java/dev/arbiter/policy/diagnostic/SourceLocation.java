package dev.arbiter.policy.diagnostic;

import java.util.Objects;

/**
 * Where a diagnostic points: a file and a 1-based line and column range. The end is inclusive of the
 * last character and equals the start for a point.
 */
public record SourceLocation(String file, int line, int column, int endLine, int endColumn) {

  public SourceLocation {
    Objects.requireNonNull(file, "file");
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("lines and columns start at 1: " + line + ":" + column);
    }
    if (endLine < line || (endLine == line && endColumn < column)) {
      endLine = line;
      endColumn = column;
    }
  }

  /** A location that covers a single character. */
  public static SourceLocation at(String file, int line, int column) {
    return new SourceLocation(file, line, column, line, column);
  }

  /** A location for a problem with a file as a whole (it could not be read, it is too large). */
  public static SourceLocation ofFile(String file) {
    return at(file, 1, 1);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
