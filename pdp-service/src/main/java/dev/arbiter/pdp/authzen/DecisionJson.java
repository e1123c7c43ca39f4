package dev.arbiter.pdp.authzen;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.arbiter.pdp.decision.Outcome;
import dev.arbiter.pdp.decision.Outcome.Decided;
import dev.arbiter.policy.decision.AuthorizationResult;
import dev.arbiter.policy.decision.Problem;
import dev.arbiter.policy.decision.ResultJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes decisions in the AuthZEN shape. The explanation (decision id, outcome, reasons,
 * obligations, advice, revision, time to live) goes in {@code context}, which AuthZEN leaves to the
 * PDP.
 */
public final class DecisionJson {
  private static final JsonFactory JSON = new JsonFactory();

  private DecisionJson() {}

  /** A single evaluation's answer: decision and explanation. */
  public static String single(Decided decided) {
    return write(json -> decision(json, decided, true));
  }

  /** A batch answer: items bare unless {@code withContext}; a refused item says why. */
  public static String batch(List<Outcome> outcomes, boolean withContext) {
    return write(json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("evaluations");
      for (Outcome outcome : outcomes) {
        switch (outcome) {
          case Decided decided -> decision(json, decided, withContext);
          case Outcome.Rejected rejected -> {
            json.writeStartObject();
            json.writeBooleanField("decision", false);
            json.writeObjectFieldStart("context");
            json.writeObjectFieldStart("error");
            json.writeStringField("code", "invalid_request");
            json.writeStringField("message", rejected.message());
            json.writeEndObject();
            json.writeEndObject();
            json.writeEndObject();
          }
          case Outcome.Unavailable unavailable -> throw new IllegalArgumentException("a batch answer needs a bundle");
        }
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  /** Writes {@code {"decision": …, "context": {…}}} onto an open generator. */
  public static void decision(JsonGenerator json, Decided decided, boolean withContext) throws IOException {
    json.writeStartObject();
    json.writeBooleanField("decision", decided.permitted());
    if (withContext) {
      json.writeObjectFieldStart("context");
      explanation(json, decided);
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  /** The fields of the explanation, onto an open object. */
  public static void explanation(JsonGenerator json, Decided decided) throws IOException {
    AuthorizationResult result = decided.result();
    json.writeStringField("decision_id", decided.decisionId());
    json.writeStringField("outcome", result.decision().keyword());
    json.writeStringField("revision", result.revision());
    json.writeNumberField("ttl_ms", decided.ttl().toMillis());
    ResultJson.reasons(json, result.reasons());
    ResultJson.directives(json, "obligations", result.obligations());
    ResultJson.directives(json, "advice", result.advice());
    if (!result.problems().isEmpty()) {
      json.writeArrayFieldStart("errors");
      for (Problem problem : result.problems()) {
        json.writeString(problem.toString());
      }
      json.writeEndArray();
    }
  }

  /** Something that writes onto a generator. */
  public interface Writer {
    void write(JsonGenerator json) throws IOException;
  }

  public static String write(Writer writer) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      writer.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }
}
