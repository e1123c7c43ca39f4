package dev.arbiter.policy.diagnostic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Renders diagnostics for people (one line each, then the source line and a caret) and for machines
 * (a JSON array). Thread-safe.
 */
public final class DiagnosticPrinter {
  private static final JsonFactory JSON = new JsonFactory();

  private final Function<String, Optional<String>> sources;

  /**
   * @param sources the text of a file by the path diagnostics name it with; empty when unknown
   */
  public DiagnosticPrinter(Function<String, Optional<String>> sources) {
    this.sources = sources;
  }

  /**
   * The human form: {@code file:line:col: E012: message}, the source line and a caret under the
   * offending range.
   */
  public String human(Diagnostic diagnostic) {
    SourceLocation at = diagnostic.location();
    StringBuilder out = new StringBuilder();
    out.append(at).append(": ");
    if (!diagnostic.isError()) {
      out.append("warning: ");
    }
    out.append(diagnostic.code().id()).append(": ").append(diagnostic.message()).append('\n');
    sourceLine(at.file(), at.line())
        .ifPresent(
            line -> {
              String gutter = String.format("%5d | ", at.line());
              out.append(gutter).append(line).append('\n');
              out.append(" ".repeat(gutter.length() - 2)).append("| ");
              out.append(caretPadding(line, at.column()));
              int width =
                  at.endLine() == at.line()
                      ? Math.max(1, Math.min(at.endColumn(), line.length()) - at.column() + 1)
                      : 1;
              out.append("^".repeat(width)).append('\n');
            });
    return out.toString();
  }

  /** The machine form: a JSON array of objects with file, line, column, code, severity, message. */
  public static String json(List<Diagnostic> diagnostics) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartArray();
      for (Diagnostic d : diagnostics) {
        SourceLocation at = d.location();
        json.writeStartObject();
        json.writeStringField("file", at.file());
        json.writeNumberField("line", at.line());
        json.writeNumberField("column", at.column());
        json.writeNumberField("endLine", at.endLine());
        json.writeNumberField("endColumn", at.endColumn());
        json.writeStringField("code", d.code().id());
        json.writeStringField("severity", d.severity().label());
        json.writeStringField("message", d.message());
        json.writeEndObject();
      }
      json.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private Optional<String> sourceLine(String file, int lineNumber) {
    return sources
        .apply(file)
        .flatMap(
            text -> {
              int start = 0;
              for (int line = 1; line < lineNumber; line++) {
                int next = text.indexOf('\n', start);
                if (next < 0) {
                  return Optional.empty();
                }
                start = next + 1;
              }
              int end = text.indexOf('\n', start);
              String line = text.substring(start, end < 0 ? text.length() : end);
              return Optional.of(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            });
  }

  /** Spaces up to the column, keeping tabs so the caret lines up in a terminal. */
  private static String caretPadding(String line, int column) {
    StringBuilder pad = new StringBuilder();
    for (int i = 0; i < column - 1 && i < line.length(); i++) {
      pad.append(line.charAt(i) == '\t' ? '\t' : ' ');
    }
    return pad.toString();
  }
}
