package dev.arbiter.pdp.authzen;

import dev.arbiter.pdp.decision.SearchService;
import dev.arbiter.pdp.decision.SearchService.Kind;
import dev.arbiter.pdp.security.Roles;
import dev.arbiter.pdp.web.ApiError;
import dev.arbiter.pdp.web.JsonBodies;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonNumber;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import dev.arbiter.policy.value.EntityUid;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The AuthZEN search endpoints: {@code POST /access/v1/search/{subject,resource,action}}. */
@Path("/access/v1/search")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "AuthZEN")
@RolesAllowed(Roles.PDP_CLIENT)
public class SearchResource {
  private final SearchService search;

  SearchResource(SearchService search) {
    this.search = search;
  }

  @POST
  @Path("/subject")
  @NonBlocking
  @Operation(summary = "Subjects of a type that may do the action on the resource",
      description = "Candidates are the bundle's data entities of `subject.type`; `subject.id` is ignored.")
  public Response subjects(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
    return search(Kind.SUBJECT, contentType, body);
  }

  @POST
  @Path("/resource")
  @NonBlocking
  @Operation(summary = "Resources of a type the subject may do the action on",
      description = "Candidates are the bundle's data entities of `resource.type`; `resource.id` is ignored.")
  public Response resources(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
    return search(Kind.RESOURCE, contentType, body);
  }

  @POST
  @Path("/action")
  @NonBlocking
  @Operation(summary = "Actions the subject may do on the resource",
      description = "Candidates are the actions the bundle's schema declares.")
  public Response actions(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
    return search(Kind.ACTION, contentType, body);
  }

  private Response search(Kind kind, String contentType, String body) {
    return switch (JsonBodies.read(contentType, body)) {
      case JsonBodies.Refused refused -> refused.error().toResponse();
      case JsonBodies.Parsed parsed -> {
        if (!(parsed.json() instanceof JsonObject request)) {
          yield ApiError.badRequest("a search request is a JSON object, found " + parsed.json().kind()).toResponse();
        }
        yield switch (page(request)) {
          case PageError error -> ApiError.badRequest(error.message()).toResponse();
          case Page page -> answer(search.search(kind, request, page.limit(), page.token()));
        };
      }
    };
  }

  private static Response answer(SearchService.Found found) {
    return switch (found) {
      case SearchService.Rejected rejected -> ApiError.badRequest(rejected.message()).toResponse();
      case SearchService.Unavailable unavailable -> ApiError.unavailable(unavailable.message()).toResponse();
      case SearchService.Results results -> Response.ok(DecisionJson.write(json -> {
        json.writeStartObject();
        json.writeArrayFieldStart("results");
        for (Object result : results.results()) {
          json.writeStartObject();
          if (result instanceof EntityUid uid) {
            json.writeStringField("type", uid.type());
            json.writeStringField("id", uid.id());
          } else {
            json.writeStringField("name", (String) result);
          }
          json.writeEndObject();
        }
        json.writeEndArray();
        json.writeObjectFieldStart("page");
        json.writeStringField("next_token", results.nextToken());
        json.writeEndObject();
        json.writeEndObject();
      }), MediaType.APPLICATION_JSON_TYPE).build();
    };
  }

  private sealed interface PageRequest {}

  private record Page(Optional<Integer> limit, String token) implements PageRequest {}

  private record PageError(String message) implements PageRequest {}

  private static PageRequest page(JsonObject request) {
    Json page = request.members().get("page");
    if (page == null || page instanceof Json.JsonNull) {
      return new Page(Optional.empty(), "");
    }
    if (!(page instanceof JsonObject object)) {
      return new PageError("`page` must be an object, found " + page.kind());
    }
    Optional<Integer> limit = Optional.empty();
    Json given = object.members().get("limit");
    if (given instanceof JsonNumber number && number.value() instanceof Long value) {
      limit = Optional.of((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value)));
    } else if (given != null && !(given instanceof Json.JsonNull)) {
      return new PageError("`page.limit` must be an integer, found " + given.kind());
    }
    Json token = object.members().get("token");
    if (token != null && !(token instanceof JsonString) && !(token instanceof Json.JsonNull)) {
      return new PageError("`page.token` must be a string, found " + token.kind());
    }
    return new Page(limit, token instanceof JsonString text ? text.value() : "");
  }
}
