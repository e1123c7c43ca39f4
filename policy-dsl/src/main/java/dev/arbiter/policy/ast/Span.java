package dev.arbiter.policy.ast;

import dev.arbiter.policy.diagnostic.SourceLocation;
import java.util.Objects;

/**
 * Where a node was written: a file, character offsets, and 1-based line and column of its first and
 * last character.
 *
 * <p>Spans are deliberately excluded from equality: every span equals every other span and all hash
 * alike, so the records that hold them compare by content alone. Use {@link #location()} or the
 * accessors when the position itself matters.
 */
public final class Span {
  private final String file;
  private final int startOffset;
  private final int endOffset;
  private final int line;
  private final int column;
  private final int endLine;
  private final int endColumn;

  public Span(
      String file, int startOffset, int endOffset, int line, int column, int endLine, int endColumn) {
    this.file = Objects.requireNonNull(file, "file");
    this.startOffset = startOffset;
    this.endOffset = endOffset;
    this.line = line;
    this.column = column;
    this.endLine = endLine;
    this.endColumn = endColumn;
  }

  /** A span for nodes made by code rather than parsed (generated policies, tests). */
  public static Span synthetic() {
    return new Span("<generated>", 0, 0, 1, 1, 1, 1);
  }

  public String file() {
    return file;
  }

  /** Offset of the first character. */
  public int startOffset() {
    return startOffset;
  }

  /** Offset just past the last character. */
  public int endOffset() {
    return endOffset;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public int endLine() {
    return endLine;
  }

  public int endColumn() {
    return endColumn;
  }

  /** The span from the start of this one to the end of {@code last}. */
  public Span to(Span last) {
    return new Span(file, startOffset, last.endOffset, line, column, last.endLine, last.endColumn);
  }

  public SourceLocation location() {
    return new SourceLocation(file, line, column, endLine, endColumn);
  }

  /** Always true for another span: see the class comment. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Span;
  }

  @Override
  public int hashCode() {
    return 0;
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
