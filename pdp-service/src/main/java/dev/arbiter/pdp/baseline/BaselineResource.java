package dev.arbiter.pdp.baseline;

import dev.arbiter.pdp.security.Roles;
import dev.arbiter.pdp.web.ApiError;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /admin/v1/baseline}: the running configuration against the security baseline. */
@Path("/admin/v1/baseline")
@Tag(name = "Admin")
@RolesAllowed({Roles.POLICY_ADMIN, Roles.AUDITOR})
public class BaselineResource {
  private final Baseline baseline;

  BaselineResource(Baseline baseline) {
    this.baseline = baseline;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Check the configuration against the security baseline", description = "One item per check"
      + " (`tls`, `auth`, `admin-roles`, `audit`, `audit-masking`, `tool-catalog`, `grant-ttl`, `rate-limits`,"
      + " `default-secrets`, `request-signing`, `security-events`), each `pass`, `warn` or `fail` with a message"
      + " saying what to change. `score` is the weighted share of passes (a warning earns half its weight), 0 to"
      + " 100; `result` is the worst status. Reads configuration only; never shows a secret.")
  @APIResponse(responseCode = "200", description = "The report",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, example = "{\"score\": 72, \"result\": \"fail\","
          + " \"summary\": {\"pass\": 6, \"warn\": 4, \"fail\": 1}, \"items\": [{\"id\": \"tls\", \"title\": \"TLS 1.2"
          + " or newer, and no plain HTTP\", \"status\": \"fail\", \"weight\": 3, \"message\": \"no TLS on 0.0.0.0:"
          + " decisions, tokens and API keys cross the network in plain text; configure a key store"
          + " (quarkus.tls.key-store.*) and set quarkus.http.insecure-requests=disabled\"}, …],"
          + " \"revision\": \"99db18954615\", \"checked_at\": \"2026-11-21T10:15:02.114Z\"}"))
  @APIResponse(responseCode = "401", description = "No credentials, or wrong ones: `{\"code\", \"message\"}`",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
  @APIResponse(responseCode = "403", description = "The caller is neither `policy-admin` nor `auditor`",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
  public Response report() {
    return Response.ok(baseline.check().toJson(), MediaType.APPLICATION_JSON_TYPE).build();
  }
}
