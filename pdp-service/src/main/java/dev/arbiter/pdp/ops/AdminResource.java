package dev.arbiter.pdp.ops;

import dev.arbiter.pdp.authzen.DecisionJson;
import dev.arbiter.pdp.bundle.BundleStore;
import dev.arbiter.pdp.bundle.StoreStatus;
import dev.arbiter.pdp.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /v1/admin/status}: the active revision, and why the last change was refused, if it was. */
@Path("/v1/admin/status")
@Tag(name = "Admin")
@RolesAllowed({Roles.POLICY_ADMIN, Roles.AUDITOR})
public class AdminResource {
  private final BundleStore store;

  AdminResource(BundleStore store) {
    this.store = store;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "The bundle store's state", description = "The active revision, when a change was last"
      + " tried, and the diagnostics (`file:line:col: code: message`) of the last refused change.")
  public Response status() {
    StoreStatus status = store.status();
    return Response.ok(DecisionJson.write(json -> {
      json.writeStartObject();
      json.writeStringField("source", status.source());
      if (status.active().isPresent()) {
        var active = status.active().get();
        json.writeObjectFieldStart("active");
        json.writeStringField("bundle", active.bundle().name());
        json.writeStringField("revision", active.revision());
        json.writeStringField("activated_at", active.activatedAt().toString());
        json.writeEndObject();
      } else {
        json.writeNullField("active");
      }
      if (status.lastAttempt().isPresent()) {
        json.writeStringField("last_attempt", status.lastAttempt().get().toString());
      }
      json.writeNumberField("reload_failures", status.reloadFailures());
      json.writeArrayFieldStart("last_problems");
      for (String problem : status.lastProblems()) {
        json.writeString(problem);
      }
      json.writeEndArray();
      json.writeEndObject();
    }), MediaType.APPLICATION_JSON_TYPE).build();
  }
}
