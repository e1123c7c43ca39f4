package dev.arbiter.pep;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AuthZEN REST bodies, with jackson-core's streaming reader and writer: requests out, and
 * answers in, read into plain values first and then checked field by field, so that an answer of
 * the wrong shape is a {@link DenyReason#MALFORMED_RESPONSE}, never an exception or a permit.
 */
final class AuthzenJson {
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
      .build();

  private AuthzenJson() {}

  /** The body of {@code POST /access/v1/evaluation}. */
  static byte[] evaluation(AccessRequest request) {
    return write(json -> request(json, request));
  }

  /** The body of {@code POST /access/v1/evaluations}: every item whole, answers with their context. */
  static byte[] evaluations(List<AccessRequest> requests) {
    return write(json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("evaluations");
      for (AccessRequest request : requests) {
        request(json, request);
      }
      json.writeEndArray();
      json.writeObjectFieldStart("options");
      json.writeBooleanField("include_context", true);
      json.writeEndObject();
      json.writeEndObject();
    });
  }

  private static void request(JsonGenerator json, AccessRequest request) throws IOException {
    json.writeStartObject();
    entity(json, "subject", request.subject().type(), request.subject().id(), request.subject().properties());
    json.writeObjectFieldStart("action");
    json.writeStringField("name", request.action().name());
    properties(json, request.action().properties());
    json.writeEndObject();
    entity(json, "resource", request.resource().type(), request.resource().id(), request.resource().properties());
    if (!request.context().isEmpty()) {
      json.writeFieldName("context");
      value(json, request.context());
    }
    json.writeEndObject();
  }

  private static void entity(JsonGenerator json, String field, String type, String id, Map<String, Object> properties)
      throws IOException {
    json.writeObjectFieldStart(field);
    json.writeStringField("type", type);
    json.writeStringField("id", id);
    properties(json, properties);
    json.writeEndObject();
  }

  private static void properties(JsonGenerator json, Map<String, Object> properties) throws IOException {
    if (!properties.isEmpty()) {
      json.writeFieldName("properties");
      value(json, properties);
    }
  }

  private static void value(JsonGenerator json, Object value) throws IOException {
    switch (value) {
      case null -> json.writeNull();
      case String text -> json.writeString(text);
      case Boolean flag -> json.writeBoolean(flag);
      case Long number -> json.writeNumber(number);
      case Double number -> json.writeNumber(number);
      case BigDecimal number -> json.writeNumber(number);
      case Map<?, ?> map -> {
        json.writeStartObject();
        for (Map.Entry<?, ?> member : map.entrySet()) {
          json.writeFieldName((String) member.getKey());
          value(json, member.getValue());
        }
        json.writeEndObject();
      }
      case List<?> items -> {
        json.writeStartArray();
        for (Object item : items) {
          value(json, item);
        }
        json.writeEndArray();
      }
      default -> throw new IllegalStateException("not a canonical JSON value: " + value.getClass().getName());
    }
  }

  /** The answer to one evaluation. */
  static PdpResponse evaluationAnswer(byte[] body) throws CallFailure {
    return response(object(read(body), "the answer"));
  }

  /** The answer to a batch of {@code expected} evaluations. */
  static List<BatchItem> evaluationsAnswer(byte[] body, int expected) throws CallFailure {
    Map<String, Object> root = object(read(body), "the answer");
    List<Object> items = list(root.get("evaluations"), "evaluations");
    if (items.size() != expected) {
      throw CallFailure.malformed(items.size() + " answers to " + expected + " requests");
    }
    List<BatchItem> answers = new ArrayList<>(expected);
    for (Object item : items) {
      Map<String, Object> answer = object(item, "an evaluation");
      if (answer.get("context") instanceof Map<?, ?> context && context.get("error") instanceof Map<?, ?> error) {
        answers.add(new BatchItem.Rejected(String.valueOf(error.get("message"))));
      } else {
        answers.add(new BatchItem.Answered(response(answer)));
      }
    }
    return answers;
  }

  /** The {@code code} of an error body ({@code {"code", "message"}}), if it has one. */
  static java.util.Optional<String> errorCode(byte[] body) {
    try {
      if (read(body) instanceof Map<?, ?> error && error.get("code") instanceof String code) {
        return java.util.Optional.of(code);
      }
    } catch (CallFailure notJson) {
      // no code to tell
    }
    return java.util.Optional.empty();
  }

  /** The {@code message} of an error body ({@code {"code", "message"}}), or the body's start. */
  static String errorMessage(byte[] body) {
    try {
      if (read(body) instanceof Map<?, ?> error && error.get("message") instanceof String message) {
        return message;
      }
    } catch (CallFailure notJson) {
      // fall through to the raw text
    }
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }

  private static PdpResponse response(Map<String, Object> answer) throws CallFailure {
    if (!(answer.get("decision") instanceof Boolean decision)) {
      throw CallFailure.malformed("`decision` is not a boolean");
    }
    Object contextValue = answer.get("context");
    if (contextValue == null) {
      return Answers.response(decision, null, List.of(), List.of(), List.of(), List.of(), "", "", 0);
    }
    Map<String, Object> context = object(contextValue, "context");
    List<Reason> reasons = new ArrayList<>();
    for (Object item : optionalList(context.get("reasons"), "context.reasons")) {
      Map<String, Object> reason = object(item, "a reason");
      Map<String, String> annotations = new LinkedHashMap<>();
      for (Map.Entry<String, Object> annotation : optionalObject(reason.get("annotations"), "annotations").entrySet()) {
        annotations.put(annotation.getKey(), text(annotation.getValue(), "an annotation"));
      }
      reasons.add(new Reason(optionalText(reason.get("policy"), "policy"), optionalText(reason.get("rule"), "rule"),
          optionalText(reason.get("effect"), "effect"), annotations));
    }
    List<String> errors = new ArrayList<>();
    for (Object error : optionalList(context.get("errors"), "context.errors")) {
      errors.add(text(error, "an error"));
    }
    Object ttl = context.get("ttl_ms");
    if (ttl != null && !(ttl instanceof Long)) {
      throw CallFailure.malformed("`ttl_ms` is not an integer");
    }
    Object outcome = context.get("outcome");
    return Answers.response(decision, outcome == null ? null : text(outcome, "outcome"),
        directives(context.get("obligations"), "obligations"), directives(context.get("advice"), "advice"), reasons,
        errors, optionalText(context.get("revision"), "revision"),
        optionalText(context.get("decision_id"), "decision_id"), ttl == null ? 0 : (Long) ttl);
  }

  private static List<Obligation> directives(Object value, String field) throws CallFailure {
    List<Obligation> directives = new ArrayList<>();
    for (Object item : optionalList(value, field)) {
      Map<String, Object> directive = object(item, "an item of " + field);
      String name = text(directive.get("name"), "a name in " + field);
      if (name.isBlank()) {
        throw CallFailure.malformed("an item of " + field + " without a name");
      }
      directives.add(new Obligation(name, optionalObject(directive.get("arguments"), "arguments")));
    }
    return directives;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value, String what) throws CallFailure {
    if (!(value instanceof Map<?, ?> map)) {
      throw CallFailure.malformed(what + " is not a JSON object");
    }
    return (Map<String, Object>) map;
  }

  private static Map<String, Object> optionalObject(Object value, String what) throws CallFailure {
    return value == null ? Map.of() : object(value, what);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value, String what) throws CallFailure {
    if (!(value instanceof List<?> items)) {
      throw CallFailure.malformed("`" + what + "` is not an array");
    }
    return (List<Object>) items;
  }

  private static List<Object> optionalList(Object value, String what) throws CallFailure {
    return value == null ? List.of() : list(value, what);
  }

  private static String text(Object value, String what) throws CallFailure {
    if (!(value instanceof String text)) {
      throw CallFailure.malformed(what + " is not a string");
    }
    return text;
  }

  private static String optionalText(Object value, String what) throws CallFailure {
    return value == null ? "" : text(value, what);
  }

  /** The body as plain values: maps, lists, strings, booleans, Long, Double or BigDecimal, null. */
  private static Object read(byte[] body) throws CallFailure {
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() == null) {
        throw CallFailure.malformed("the body is empty");
      }
      Object value = value(parser);
      if (parser.nextToken() != null) {
        throw CallFailure.malformed("more than one JSON value");
      }
      return value;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw CallFailure.malformed("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw CallFailure.malformed("not JSON: " + e.getMessage());
    }
  }

  private static Object value(JsonParser parser) throws IOException, CallFailure {
    JsonToken token = parser.currentToken();
    return switch (token) {
      case START_OBJECT -> {
        Map<String, Object> members = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          if (members.put(name, value(parser)) != null) {
            throw CallFailure.malformed("the key `" + name + "` appears twice");
          }
        }
        yield Collections.unmodifiableMap(members);
      }
      case START_ARRAY -> {
        List<Object> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(value(parser));
        }
        yield Collections.unmodifiableList(items);
      }
      case VALUE_STRING -> parser.getText();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
          ? (Object) new BigDecimal(parser.getBigIntegerValue()) : parser.getLongValue();
      case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
      default -> throw CallFailure.malformed("unexpected " + token);
    };
  }

  private interface Writer {
    void write(JsonGenerator json) throws IOException;
  }

  private static byte[] write(Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      writer.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return bytes.toByteArray();
  }
}
