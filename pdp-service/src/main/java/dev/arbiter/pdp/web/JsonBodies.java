package dev.arbiter.pdp.web;

import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.JsonReader;

/**
 * Reads request bodies as JSON under the request limits (depth, string length, size). A body that
 * is not JSON, or says it is something else, is a 400 with the reason: AuthZEN clients expect 400
 * here, not 415.
 */
public final class JsonBodies {
  private static final JsonReader READER = new JsonReader(JsonReader.Limits.REQUEST);

  /** The largest body read, in bytes as announced and in characters as received: 1 MiB. */
  public static final long MAX_BODY_SIZE = JsonReader.Limits.REQUEST.maxDocumentLength();

  private JsonBodies() {}

  /** Either the parsed body or the error to answer with. */
  public sealed interface Body {}

  public record Parsed(Json json) implements Body {}

  public record Refused(ApiError error) implements Body {}

  public static Body read(String contentType, String body) {
    return read(contentType, body, READER);
  }

  /** As {@link #read(String, String)}, under another reader's limits (a bundle upload has long strings). */
  public static Body read(String contentType, String body, JsonReader reader) {
    if (contentType != null && !isJson(contentType)) {
      return new Refused(new ApiError(400, "unsupported_content_type",
          "the body must be JSON (Content-Type: application/json), found Content-Type: " + printable(contentType)));
    }
    if (body != null && body.length() > MAX_BODY_SIZE) {
      return new Refused(ErrorMappers.tooLarge());
    }
    return switch (reader.read(body == null ? "" : body)) {
      case JsonReader.Parsed parsed -> new Parsed(parsed.json());
      case JsonReader.Failed failed -> new Refused(ApiError.badRequest("invalid JSON at line "
          + failed.failure().line() + ", column " + failed.failure().column() + ": " + failed.failure().message()));
    };
  }

  /** {@code application/json} or any {@code application/*+json}, with or without parameters. */
  static boolean isJson(String contentType) {
    String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
  }

  private static String printable(String text) {
    String shown = text.length() > 100 ? text.substring(0, 100) + "…" : text;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }
}
