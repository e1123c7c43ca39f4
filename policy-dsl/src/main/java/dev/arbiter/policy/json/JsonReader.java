package dev.arbiter.policy.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads JSON text into a {@link Json} tree under {@link Limits}. Thread-safe. */
public final class JsonReader {

  /**
   * @param maxDepth how deeply arrays and objects may nest
   * @param maxStringLength the longest string or number, in characters
   * @param maxDocumentLength the longest document, in characters
   */
  public record Limits(int maxDepth, int maxStringLength, long maxDocumentLength) {
    /** For bundle data files: large, but shallow. */
    public static final Limits DATA = new Limits(64, 1 << 20, 64L << 20);

    /** For authorization requests: small and shallow. */
    public static final Limits REQUEST = new Limits(32, 1 << 16, 1L << 20);
  }

  /** Why a text is not acceptable JSON, and where. */
  public record Failure(String message, int line, int column) {}

  /** Either a tree or a failure. */
  public sealed interface Result {}

  public record Parsed(Json json) implements Result {}

  public record Failed(Failure failure) implements Result {}

  private final JsonFactory factory;
  private final Limits limits;

  public JsonReader(Limits limits) {
    this.limits = limits;
    this.factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(limits.maxDepth())
            .maxStringLength(limits.maxStringLength())
            .maxNumberLength(1000)
            .maxDocumentLength(limits.maxDocumentLength())
            .build())
        .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .build();
  }

  public Result read(String text) {
    if (text.isBlank()) {
      return new Failed(new Failure("the document is empty; expected a JSON value", 1, 1));
    }
    try (JsonParser parser = factory.createParser(text)) {
      if (parser.nextToken() == null) {
        return new Failed(new Failure("the document is empty; expected a JSON value", 1, 1));
      }
      Json json = value(parser);
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        JsonLocation at = parser.currentTokenLocation();
        return new Failed(new Failure("unexpected content after the JSON value", at.getLineNr(), at.getColumnNr()));
      }
      return new Parsed(json);
    } catch (DuplicateKey e) {
      return new Failed(e.failure);
    } catch (StreamConstraintsException e) {
      JsonLocation at = e.getLocation();
      return new Failed(new Failure(constraintMessage(e), line(at), column(at)));
    } catch (JsonProcessingException e) {
      return new Failed(JacksonMessages.failure(e.getOriginalMessage(), e.getLocation()));
    } catch (IOException e) {
      return new Failed(new Failure("cannot read the document: " + e.getMessage(), 1, 1));
    }
  }

  /** Iterative, so depth costs no stack; Jackson enforces the depth limit as it reads. */
  private static Json value(JsonParser parser) throws IOException {
    Deque<Builder> stack = new ArrayDeque<>();
    Json finished = null;
    while (true) {
      JsonToken token = parser.currentToken();
      JsonLocation at = parser.currentTokenLocation();
      int line = line(at);
      int column = column(at);
      Json leaf = null;
      switch (token) {
        case START_OBJECT -> stack.push(new Builder(true, line, column));
        case START_ARRAY -> stack.push(new Builder(false, line, column));
        case END_OBJECT, END_ARRAY -> leaf = stack.pop().build();
        case FIELD_NAME -> {
          Builder object = stack.peek();
          String name = parser.currentName();
          if (object.members.containsKey(name)) {
            throw new DuplicateKey(new Failure("duplicate key `" + name + "`", line, column));
          }
          object.pendingKey = name;
          object.keys.put(name, new Json.Position(line, column));
        }
        case VALUE_STRING -> leaf = new Json.JsonString(parser.getText(), line, column);
        case VALUE_NUMBER_INT -> leaf = new Json.JsonNumber(
            parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                ? new BigDecimal(parser.getBigIntegerValue())
                : parser.getLongValue(), line, column);
        case VALUE_NUMBER_FLOAT -> leaf = new Json.JsonNumber(parser.getDecimalValue(), line, column);
        case VALUE_TRUE -> leaf = new Json.JsonBoolean(true, line, column);
        case VALUE_FALSE -> leaf = new Json.JsonBoolean(false, line, column);
        case VALUE_NULL -> leaf = new Json.JsonNull(line, column);
        default -> throw new IllegalStateException("unexpected token " + token);
      }
      if (leaf != null) {
        if (stack.isEmpty()) {
          finished = leaf;
          return finished;
        }
        stack.peek().add(leaf);
      }
      parser.nextToken();
    }
  }

  private static final class Builder {
    final boolean object;
    final int line;
    final int column;
    final Map<String, Json> members = new LinkedHashMap<>();
    final Map<String, Json.Position> keys = new LinkedHashMap<>();
    final List<Json> elements = new ArrayList<>();
    String pendingKey;

    Builder(boolean object, int line, int column) {
      this.object = object;
      this.line = line;
      this.column = column;
    }

    void add(Json value) {
      if (object) {
        members.put(pendingKey, value);
      } else {
        elements.add(value);
      }
    }

    Json build() {
      return object ? new Json.JsonObject(members, keys, line, column) : new Json.JsonArray(elements, line, column);
    }
  }

  private static final class DuplicateKey extends RuntimeException {
    final transient Failure failure;

    DuplicateKey(Failure failure) {
      super(failure.message(), null, false, false);
      this.failure = failure;
    }
  }

  private String constraintMessage(StreamConstraintsException e) {
    String message = e.getOriginalMessage();
    if (message.contains("nesting depth")) {
      return "the document nests deeper than " + limits.maxDepth() + " levels";
    }
    if (message.contains("String value length")) {
      return "a string is longer than " + limits.maxStringLength() + " characters";
    }
    if (message.contains("Document length")) {
      return "the document is longer than " + limits.maxDocumentLength() + " characters";
    }
    if (message.contains("Number value length")) {
      return "a number has more than 1000 digits";
    }
    return JacksonMessages.failure(message, null).message();
  }

  static int line(JsonLocation at) {
    return at == null || at.getLineNr() < 1 ? 1 : at.getLineNr();
  }

  static int column(JsonLocation at) {
    return at == null || at.getColumnNr() < 1 ? 1 : at.getColumnNr();
  }
}
