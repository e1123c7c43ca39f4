package dev.arbiter.policy.decision;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.arbiter.policy.json.JsonValues;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.TreeMap;

/** Writes an {@link AuthorizationResult} as JSON, for the CLI and logs. */
public final class ResultJson {
  private static final JsonFactory JSON = new JsonFactory();

  private ResultJson() {}

  public static String write(AuthorizationResult result, boolean pretty) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      if (pretty) {
        json.useDefaultPrettyPrinter();
      }
      json.writeStartObject();
      json.writeStringField("decision", result.decision().keyword());
      directives(json, "obligations", result.obligations());
      directives(json, "advice", result.advice());
      reasons(json, result.reasons());
      json.writeArrayFieldStart("errors");
      for (Problem problem : result.problems()) {
        json.writeStartObject();
        json.writeStringField("policy", problem.policyId());
        if (problem.ruleId() != null) {
          json.writeStringField("rule", problem.ruleId());
        }
        json.writeStringField("message", problem.message());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeStringField("revision", result.revision());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** Writes {@code "reasons": [{policy, rule, effect, annotations?}]} onto an open object. */
  public static void reasons(JsonGenerator json, List<Reason> reasons) throws IOException {
    json.writeArrayFieldStart("reasons");
    for (Reason reason : reasons) {
      json.writeStartObject();
      json.writeStringField("policy", reason.policyId());
      json.writeStringField("rule", reason.ruleId());
      json.writeStringField("effect", reason.effect().keyword());
      if (!reason.annotations().isEmpty()) {
        json.writeFieldName("annotations");
        JsonValues.write(json, new TreeMap<>(reason.annotations()));
      }
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  /** Writes {@code "<field>": [{name, arguments}]} onto an open object. */
  public static void directives(JsonGenerator json, String field, List<Obligation> directives) throws IOException {
    json.writeArrayFieldStart(field);
    for (Obligation obligation : directives) {
      json.writeStartObject();
      json.writeStringField("name", obligation.name());
      json.writeFieldName("arguments");
      JsonValues.write(json, obligation.arguments());
      json.writeEndObject();
    }
    json.writeEndArray();
  }
}
