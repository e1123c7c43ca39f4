package dev.arbiter.pdp.events;

import dev.arbiter.pdp.authzen.DecisionJson;
import dev.arbiter.pdp.security.Roles;
import dev.arbiter.pdp.web.ApiError;
import dev.arbiter.pdp.web.JsonBodies;
import dev.arbiter.policy.json.Json;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /admin/v1/events} and {@code /admin/v1/incidents}: what happened, and who is handling it. */
@Path("/admin/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Security events")
@RolesAllowed({Roles.AUDITOR, Roles.POLICY_ADMIN})
public class EventsResource {
  private static final int MAX_LIMIT = 1000;

  private final SecurityEvents events;
  private final SecurityIdentity caller;

  EventsResource(SecurityEvents events, SecurityIdentity caller) {
    this.events = events;
    this.caller = caller;
  }

  @GET
  @Path("/events")
  @Operation(summary = "Recent security events", description = "Newest first. Filters: `severity` (1–4: that level"
      + " and more urgent), `type`, `subject`, `since` (ISO-8601 instant). Paging: `limit` (default 100, at most"
      + " 1000) and the `next_page_token` of the previous page as `page_token`.")
  public Response events(@QueryParam("severity") String severity, @QueryParam("type") String type,
      @QueryParam("subject") String subject, @QueryParam("since") String since, @QueryParam("limit") String limit,
      @QueryParam("page_token") String pageToken) {
    Predicate<SecurityEvent> filter = event -> true;
    if (severity != null) {
      Optional<Severity> level = parseInt(severity).flatMap(Severity::ofLevel);
      if (level.isEmpty()) {
        return ApiError.badRequest("severity must be 1 (critical) to 4 (low), found '" + severity + "'").toResponse();
      }
      filter = filter.and(event -> event.severity().atLeast(level.get()));
    }
    if (type != null) {
      Optional<EventType> eventType = EventType.ofCode(type);
      if (eventType.isEmpty()) {
        return ApiError.badRequest("unknown event type '" + type + "'; known: " + knownTypes()).toResponse();
      }
      filter = filter.and(event -> event.type() == eventType.get());
    }
    if (subject != null) {
      filter = filter.and(event -> event.subject().equals(subject));
    }
    if (since != null) {
      Instant from;
      try {
        from = Instant.parse(since);
      } catch (DateTimeParseException e) {
        return ApiError.badRequest("since must be an ISO-8601 instant such as 2026-11-21T10:00:00Z").toResponse();
      }
      filter = filter.and(event -> !event.time().isBefore(from));
    }
    Optional<Integer> size = limit == null ? Optional.of(100) : parseInt(limit).filter(n -> n >= 1 && n <= MAX_LIMIT);
    if (size.isEmpty()) {
      return ApiError.badRequest("limit must be 1 to " + MAX_LIMIT).toResponse();
    }
    List<SecurityEvent> candidates = events.recent(filter, 0, Integer.MAX_VALUE);
    int start = 0;
    if (pageToken != null) {
      start = -1;
      for (int i = 0; i < candidates.size(); i++) {
        if (candidates.get(i).id().equals(pageToken)) {
          start = i + 1;
          break;
        }
      }
      if (start < 0) {
        return ApiError.badRequest("the page token is unknown or its events are no longer kept; start again")
            .toResponse();
      }
    }
    List<SecurityEvent> page = candidates.subList(start, Math.min(candidates.size(), start + size.get()));
    boolean more = start + page.size() < candidates.size();
    return ok(DecisionJson.write(json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("events");
      for (SecurityEvent event : page) {
        json.writeRawValue(SecurityEvents.toJson(event));
      }
      json.writeEndArray();
      if (more) {
        json.writeStringField("next_page_token", page.get(page.size() - 1).id());
      }
      json.writeEndObject();
    }));
  }

  @GET
  @Path("/incidents")
  @Operation(summary = "Incidents", description = "Newest first; `state` = `open`, `assigned` or `resolved`.")
  public Response incidents(@QueryParam("state") String state) {
    Optional<Incident.State> wanted = Optional.empty();
    if (state != null) {
      try {
        wanted = Optional.of(Incident.State.valueOf(state.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        return ApiError.badRequest("state must be open, assigned or resolved").toResponse();
      }
    }
    List<Incident> list = events.incidents().list(wanted);
    return ok(DecisionJson.write(json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("incidents");
      for (Incident incident : list) {
        json.writeRawValue(toJson(incident));
      }
      json.writeEndArray();
      json.writeEndObject();
    }));
  }

  @GET
  @Path("/incidents/{id}")
  @Operation(summary = "One incident, with its response steps")
  public Response incident(@PathParam("id") String id) {
    return events.incidents().get(id).map(incident -> ok(toJson(incident)))
        .orElseGet(() -> new ApiError(404, "not_found", "no incident " + id).toResponse());
  }

  @POST
  @Path("/incidents/{id}/assign")
  @Operation(summary = "Assign an incident", description = "Body `{\"assignee\": \"…\"}`. Open → assigned.")
  public Response assign(@PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      String body) {
    return withText(contentType, body, "assignee", text -> events.incidents().assign(id, author(), text));
  }

  @POST
  @Path("/incidents/{id}/steps")
  @Operation(summary = "Record a response step", description = "Body `{\"text\": \"…\"}`; not on a resolved incident.")
  public Response step(@PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      String body) {
    return withText(contentType, body, "text", text -> events.incidents().record(id, author(), text));
  }

  @POST
  @Path("/incidents/{id}/resolve")
  @Operation(summary = "Resolve an incident", description = "Body `{\"resolution\": \"…\"}`. Assigned → resolved.")
  public Response resolve(@PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      String body) {
    return withText(contentType, body, "resolution", text -> events.incidents().resolve(id, author(), text));
  }

  private Response withText(String contentType, String body, String field,
      java.util.function.Function<String, Incidents.Change> change) {
    return switch (JsonBodies.read(contentType, body)) {
      case JsonBodies.Refused refused -> refused.error().toResponse();
      case JsonBodies.Parsed parsed -> {
        if (!(parsed.json() instanceof Json.JsonObject object)
            || !(object.members().get(field) instanceof Json.JsonString text) || text.value().isBlank()) {
          yield ApiError.badRequest("the body must be {\"" + field + "\": \"…\"} with a non-empty string").toResponse();
        }
        if (text.value().length() > 4000) {
          yield ApiError.badRequest(field + " is limited to 4000 characters").toResponse();
        }
        yield switch (change.apply(text.value())) {
          case Incidents.Changed changed -> ok(toJson(changed.incident()));
          case Incidents.Refused refused -> refused.error().toResponse();
        };
      }
    };
  }

  private String author() {
    return caller.isAnonymous() ? "anonymous" : caller.getPrincipal().getName();
  }

  private static String toJson(Incident incident) {
    return DecisionJson.write(json -> {
      json.writeStartObject();
      json.writeStringField("id", incident.id());
      json.writeStringField("opened", incident.opened().toString());
      json.writeNumberField("severity", incident.severity().level());
      json.writeStringField("summary", incident.summary());
      json.writeStringField("event", incident.eventId());
      json.writeStringField("state", incident.state().name().toLowerCase(Locale.ROOT));
      if (incident.assignee().isPresent()) {
        json.writeStringField("assignee", incident.assignee().get());
      }
      json.writeArrayFieldStart("steps");
      for (Incident.Step step : incident.steps()) {
        json.writeStartObject();
        json.writeStringField("time", step.time().toString());
        json.writeStringField("author", step.author());
        json.writeStringField("action", step.action());
        json.writeStringField("text", step.text());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  private static Response ok(String json) {
    return Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build();
  }

  private static Optional<Integer> parseInt(String text) {
    try {
      return Optional.of(Integer.parseInt(text.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String knownTypes() {
    return java.util.Arrays.stream(EventType.values()).map(EventType::code).toList().toString();
  }
}
