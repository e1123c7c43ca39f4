package dev.arbiter.pdp.limits;

import dev.arbiter.audit.AuditEvent.Entity;
import dev.arbiter.audit.RecordKind;
import dev.arbiter.pdp.audit.AuditTrail;
import dev.arbiter.pdp.audit.NoteContent;
import dev.arbiter.pdp.authzen.DecisionJson;
import dev.arbiter.pdp.security.Roles;
import dev.arbiter.pdp.web.ApiError;
import dev.arbiter.pdp.web.JsonBodies;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** {@code /admin/v1/blocklist}: who gets nothing, changed at runtime; every change is noted in the audit trail. */
@Path("/admin/v1/blocklist")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Blocklist")
@RolesAllowed(Roles.POLICY_ADMIN)
public class BlocklistResource {
  private static final Logger LOG = Logger.getLogger(BlocklistResource.class);

  private final Limits limits;
  private final SecurityIdentity caller;
  private final AuditTrail audit;

  BlocklistResource(Limits limits, SecurityIdentity caller, AuditTrail audit) {
    this.limits = limits;
    this.caller = caller;
    this.audit = audit;
  }

  @GET
  @Operation(summary = "The blocklist")
  public Response list() {
    List<Blocklist.Entry> entries = limits.blocklist().entries();
    return Response.ok(DecisionJson.write(json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("entries");
      for (Blocklist.Entry entry : entries) {
        json.writeStartObject();
        json.writeStringField("kind", entry.kind().name().toLowerCase(Locale.ROOT));
        json.writeStringField("value", entry.value());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }), MediaType.APPLICATION_JSON_TYPE).build();
  }

  @POST
  @Operation(summary = "Block a subject, agent or network", description = "Body `{\"kind\": \"subject\" | \"agent\" |"
      + " \"network\", \"value\": \"…\"}`; networks are addresses or CIDR ranges. Takes effect with the next request.")
  public Response add(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
    return switch (JsonBodies.read(contentType, body)) {
      case JsonBodies.Refused refused -> refused.error().toResponse();
      case JsonBodies.Parsed parsed -> {
        if (!(parsed.json() instanceof JsonObject object) || !(object.members().get("kind") instanceof JsonString kind)
            || !(object.members().get("value") instanceof JsonString value) || value.value().isBlank()
            || value.value().length() > 512) {
          yield ApiError.badRequest("the body must be {\"kind\": \"subject\"|\"agent\"|\"network\", \"value\": \"…\"}")
              .toResponse();
        }
        Optional<Blocklist.Kind> parsedKind = kind(kind.value());
        if (parsedKind.isEmpty()) {
          yield ApiError.badRequest("kind must be subject, agent or network").toResponse();
        }
        Optional<String> problem = limits.blocklist().add(parsedKind.get(), value.value());
        if (problem.isPresent()) {
          yield ApiError.badRequest(problem.get()).toResponse();
        }
        LOG.infof("blocklist: %s added %s %s", caller.getPrincipal().getName(), kind.value(), value.value());
        audit("added", parsedKind.get(), value.value());
        yield list();
      }
    };
  }

  @DELETE
  @Operation(summary = "Unblock", description = "`?kind=…&value=…`")
  public Response remove(@QueryParam("kind") String kind, @QueryParam("value") String value) {
    Optional<Blocklist.Kind> parsedKind = kind == null ? Optional.empty() : kind(kind);
    if (parsedKind.isEmpty() || value == null) {
      return ApiError.badRequest("give kind (subject, agent or network) and value as query parameters").toResponse();
    }
    if (!limits.blocklist().remove(parsedKind.get(), value)) {
      return new ApiError(404, "not_found", "no " + kind + " " + value + " on the blocklist").toResponse();
    }
    LOG.infof("blocklist: %s removed %s %s", caller.getPrincipal().getName(), kind, value);
    audit("removed", parsedKind.get(), value);
    return Response.noContent().build();
  }

  /**
   * Notes a change in the audit trail. An agent is what requests carry in {@code context.agent}, a
   * network what they carry in {@code context.ip}, and each is masked when that is; a subject id is
   * never masked, as in decision records.
   */
  private void audit(String action, Blocklist.Kind kind, String value) {
    String name = kind.name().toLowerCase(Locale.ROOT);
    String by = caller.getPrincipal().getName();
    audit.note(RecordKind.BLOCKLIST, mask -> new NoteContent(by, action, Optional.of(new Entity(name, switch (kind) {
      case SUBJECT -> value;
      case AGENT -> mask.attribute("context.agent", value);
      case NETWORK -> mask.attribute("context.ip", value);
    })), Optional.empty(), Map.of()));
  }

  private static Optional<Blocklist.Kind> kind(String text) {
    try {
      return Optional.of(Blocklist.Kind.valueOf(text.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
