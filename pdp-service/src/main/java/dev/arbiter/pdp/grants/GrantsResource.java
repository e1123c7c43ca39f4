package dev.arbiter.pdp.grants;

import dev.arbiter.pdp.authzen.DecisionJson;
import dev.arbiter.pdp.security.Roles;
import dev.arbiter.pdp.web.ApiError;
import dev.arbiter.pdp.web.JsonBodies;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
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
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /v1/grants}: issue, list and revoke task-scoped grants. */
@Path("/v1/grants")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Grants")
@RolesAllowed({Roles.GRANT_ISSUER, Roles.POLICY_ADMIN})
public class GrantsResource {
  private static final int MAX_PERMISSIONS = 64;

  private final GrantBook grants;
  private final SecurityIdentity caller;

  GrantsResource(GrantBook grants, SecurityIdentity caller) {
    this.grants = grants;
    this.caller = caller;
  }

  @POST
  @Operation(summary = "Grant a session or task permissions for a while", description = "Body: `session`, optional"
      + " `task`, `permissions` (`action:resource[:argument]`), `ttl` (ISO-8601 duration, e.g. `PT10M`), `reason`."
      + " A grant wider than `arbiter.grants.grantable` or longer than `arbiter.grants.max-ttl` is refused with 403"
      + " `grant_escalation` and a security event.")
  public Response issue(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
    return switch (JsonBodies.read(contentType, body)) {
      case JsonBodies.Refused refused -> refused.error().toResponse();
      case JsonBodies.Parsed parsed -> switch (request(parsed.json())) {
        case ReadRequest.Bad bad -> ApiError.badRequest(bad.message()).toResponse();
        case ReadRequest.Good good -> switch (grants.issue(good.request(), caller.getPrincipal().getName())) {
          case GrantBook.Refused refused -> refused.error().toResponse();
          case GrantBook.Granted granted -> Response.status(201).type(MediaType.APPLICATION_JSON_TYPE)
              .entity(toJson(granted.grant())).build();
        };
      };
    };
  }

  @GET
  @Operation(summary = "Active grants", description = "Newest first; `session` narrows to one session.")
  public Response list(@QueryParam("session") String session) {
    List<Grant> active = grants.active(Optional.ofNullable(session));
    return Response.ok(DecisionJson.write(json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("grants");
      for (Grant grant : active) {
        json.writeRawValue(toJson(grant));
      }
      json.writeEndArray();
      json.writeEndObject();
    }), MediaType.APPLICATION_JSON_TYPE).build();
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "One active grant")
  public Response get(@PathParam("id") String id) {
    return grants.get(id).map(grant -> Response.ok(toJson(grant), MediaType.APPLICATION_JSON_TYPE).build())
        .orElseGet(() -> notFound(id));
  }

  @DELETE
  @Path("/{id}")
  @Operation(summary = "Revoke a grant", description = "Takes effect at once; enforcement points are told through"
      + " WatchRevisions.")
  public Response revoke(@PathParam("id") String id) {
    return grants.revoke(id, caller.getPrincipal().getName()).map(grant -> Response.noContent().build())
        .orElseGet(() -> notFound(id));
  }

  private static Response notFound(String id) {
    return new ApiError(404, "not_found", "no active grant " + id).toResponse();
  }

  private sealed interface ReadRequest {
    record Good(GrantBook.Request request) implements ReadRequest {}

    record Bad(String message) implements ReadRequest {}
  }

  private static ReadRequest request(Json json) {
    if (!(json instanceof JsonObject object)) {
      return new ReadRequest.Bad("a grant is a JSON object with session, permissions and ttl");
    }
    Optional<String> session = text(object, "session");
    if (session.isEmpty() || session.get().isBlank() || session.get().length() > 256) {
      return new ReadRequest.Bad("`session` must be a non-empty string of at most 256 characters");
    }
    Json taskJson = object.members().get("task");
    if (taskJson != null && !(taskJson instanceof JsonString)) {
      return new ReadRequest.Bad("`task`, when given, must be a string");
    }
    if (!(object.members().get("permissions") instanceof Json.JsonArray array) || array.elements().isEmpty()
        || array.elements().size() > MAX_PERMISSIONS) {
      return new ReadRequest.Bad("`permissions` must be an array of 1 to " + MAX_PERMISSIONS + " strings");
    }
    List<String> permissions = new ArrayList<>();
    for (Json element : array.elements()) {
      if (!(element instanceof JsonString permission)) {
        return new ReadRequest.Bad("every permission is a string like tools/call:read_file:/workspace/*");
      }
      permissions.add(permission.value());
    }
    Optional<String> ttlText = text(object, "ttl");
    if (ttlText.isEmpty()) {
      return new ReadRequest.Bad("`ttl` is required, as an ISO-8601 duration such as PT10M");
    }
    Duration ttl;
    try {
      ttl = Duration.parse(ttlText.get());
    } catch (DateTimeParseException e) {
      return new ReadRequest.Bad("`ttl` must be an ISO-8601 duration such as PT10M, found '" + ttlText.get() + "'");
    }
    String reason = text(object, "reason").orElse("");
    if (reason.length() > 1000) {
      return new ReadRequest.Bad("`reason` is limited to 1000 characters");
    }
    return new ReadRequest.Good(new GrantBook.Request(session.get(), text(object, "task"), permissions, ttl, reason));
  }

  private static Optional<String> text(JsonObject object, String field) {
    return object.members().get(field) instanceof JsonString value ? Optional.of(value.value()) : Optional.empty();
  }

  private static String toJson(Grant grant) {
    return DecisionJson.write(json -> {
      json.writeStartObject();
      json.writeStringField("id", grant.id());
      json.writeStringField("session", grant.session());
      if (grant.task().isPresent()) {
        json.writeStringField("task", grant.task().get());
      }
      json.writeArrayFieldStart("permissions");
      for (Permission permission : grant.permissions()) {
        json.writeString(permission.text());
      }
      json.writeEndArray();
      json.writeStringField("granter", grant.granter());
      json.writeStringField("reason", grant.reason());
      json.writeStringField("created", grant.created().toString());
      json.writeStringField("expires", grant.expires().toString());
      json.writeEndObject();
    });
  }
}
