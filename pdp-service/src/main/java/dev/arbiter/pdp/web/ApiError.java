package dev.arbiter.pdp.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * An error answer: an HTTP status, a stable machine-readable code and a message for people. The
 * message says what was wrong with the request, never how the service is built.
 */
public record ApiError(int status, String code, String message) {
  private static final JsonFactory JSON = new JsonFactory();

  public ApiError {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, "invalid_request", message);
  }

  /** Nothing can be decided yet; a caller should retry, and must not treat it as a permit. */
  public static ApiError unavailable(String message) {
    return new ApiError(503, "unavailable", message);
  }

  public Response toResponse() {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(toJson()).build();
  }

  public String toJson() {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      json.writeStringField("code", code);
      json.writeStringField("message", message);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }
}
