package dev.arbiter.pdp.audit;

import dev.arbiter.audit.ChainHead;
import dev.arbiter.audit.RecordKind;
import dev.arbiter.pdp.authzen.DecisionJson;
import dev.arbiter.pdp.security.Roles;
import dev.arbiter.pdp.web.ApiError;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /admin/v1/audit}: the audit trail's records, filtered and paged. */
@Path("/admin/v1/audit")
@Tag(name = "Audit")
@RolesAllowed(Roles.AUDITOR)
public class AuditResource {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private static final Set<String> DECISIONS = Set.of("permit", "deny", "not_applicable", "indeterminate");
  private static final Set<String> PARAMETERS = Set.of("kind", "subject", "subject_type", "action", "resource",
      "resource_type", "decision", "from", "to", "limit", "page_token");

  private final AuditTrail trail;

  AuditResource(AuditTrail trail) {
    this.trail = trail;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Search the audit trail", description = "Persisted records in chain order (oldest first),"
      + " each as stored: its canonical JSON with `seq` and `hash`. Decisions, and records of other kinds (`kind`:"
      + " `grant`, `blocklist`, `incident`, `security_event`); a decision has no `kind` member. Every filter given"
      + " must match. A page"
      + " holds at most `limit` records and ends with `page.next_token`, to pass as `page_token` for the next;"
      + " `next_token` is empty after the last record. A page may hold fewer records, even none, when the file"
      + " store stopped scanning: continue with the token. `head` is the chain's last record, an anchor for"
      + " `arbiter audit verify`.")
  @APIResponse(responseCode = "200", description = "A page of records",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, example = "{\"records\": [{\"action\":"
          + " \"tools/call\", \"caller\": \"files-server\", \"decision\": \"deny\", \"decision_id\": \"2e59eef515ee9150-1\","
          + " \"errors\": [], \"latency_ns\": 2143, \"masked\": [\"subject.properties.email\"], \"obligations\": [],"
          + " \"reasons\": [{\"annotations\": {\"severity\": \"high\"}, \"effect\": \"deny\", \"policy\":"
          + " \"filesystem-sandbox\", \"rule\": \"outside-sandbox\"}],"
          + " \"request\": {…}, \"resource\": {\"id\": \"read_file\", \"type\": \"tool\"}, \"revision\": \"316c3303cc23\","
          + " \"seq\": 17, \"subject\": {\"id\": \"bob\", \"type\": \"identity\"}, \"time\":"
          + " \"2026-03-02T10:00:00.123456Z\", \"v\": 1, \"via\": \"rest\", \"hash\": \"9f2c…\"}],"
          + " \"page\": {\"next_token\": \"MTc6NDUxMg\"}, \"head\": {\"seq\": 42, \"hash\": \"51d0…\"}}"))
  @APIResponse(responseCode = "400", description = "A parameter is not valid: `{\"code\", \"message\"}`",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
  @APIResponse(responseCode = "401", description = "No credentials, or wrong ones")
  @APIResponse(responseCode = "403", description = "The caller is not an `auditor`")
  @APIResponse(responseCode = "404", description = "The audit trail is off (`arbiter.audit.enabled=false`)")
  public Response search(
      @Context UriInfo uri,
      @Parameter(description = "`decision`, `grant`, `blocklist`, `incident` or `security_event`")
      @QueryParam("kind") String kind,
      @Parameter(description = "subject id (of another kind: whom the record concerns, such as a grant's session)")
      @QueryParam("subject") String subject,
      @Parameter(description = "subject type") @QueryParam("subject_type") String subjectType,
      @Parameter(description = "the action's name (of another kind: what happened, such as `revoked`)")
      @QueryParam("action") String action,
      @Parameter(description = "resource id (of another kind: what it changed, such as a grant's id)")
      @QueryParam("resource") String resource,
      @Parameter(description = "resource type") @QueryParam("resource_type") String resourceType,
      @Parameter(description = "`permit`, `deny`, `not_applicable` or `indeterminate`") @QueryParam("decision")
      String decision,
      @Parameter(description = "decided at or after, ISO-8601 (`2026-03-02T10:00:00Z`)") @QueryParam("from")
      String from,
      @Parameter(description = "decided before, ISO-8601") @QueryParam("to") String to,
      @Parameter(description = "records per page, 1 to 1000; 100 by default") @QueryParam("limit") String limit,
      @Parameter(description = "`page.next_token` of the previous page") @QueryParam("page_token") String pageToken)
      throws Exception {
    if (!trail.enabled()) {
      return new ApiError(404, "not_found", "the audit trail is off (arbiter.audit.enabled=false)").toResponse();
    }
    for (var parameter : uri.getQueryParameters().entrySet()) {
      if (!PARAMETERS.contains(parameter.getKey())) {
        return ApiError.badRequest("unknown parameter `" + parameter.getKey() + "`; filters are " + String.join(", ",
            PARAMETERS.stream().sorted().toList())).toResponse();
      }
      if (!parameter.getKey().equals("page_token") && parameter.getValue().stream().anyMatch(String::isEmpty)) {
        return ApiError.badRequest("`" + parameter.getKey() + "` must not be empty").toResponse();
      }
    }
    try {
      AuditQuery query = new AuditQuery(new AuditQuery.Filter(kind(kind), Optional.ofNullable(subjectType),
          Optional.ofNullable(subject), Optional.ofNullable(action), Optional.ofNullable(resourceType),
          Optional.ofNullable(resource), decision(decision), time("from", from), time("to", to)), limit(limit),
          token(pageToken));
      if (query.filter().from().isPresent() && query.filter().to().isPresent()
          && !query.filter().from().get().isBefore(query.filter().to().get())) {
        throw new BadParameter("`from` must be before `to`");
      }
      return page(trail.query(query));
    } catch (BadParameter e) {
      return ApiError.badRequest(e.getMessage()).toResponse();
    } catch (AuditQuery.StaleToken e) {
      return ApiError.badRequest(e.getMessage()).toResponse();
    }
  }

  private static Response page(AuditQuery.Page page) {
    return Response.ok(DecisionJson.write(json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("records");
      for (String record : page.records()) {
        json.writeRawValue(record);
      }
      json.writeEndArray();
      json.writeObjectFieldStart("page");
      json.writeStringField("next_token", page.next().map(AuditQuery.PageToken::encode).orElse(""));
      json.writeEndObject();
      ChainHead head = page.head();
      json.writeObjectFieldStart("head");
      json.writeNumberField("seq", head.seq());
      json.writeStringField("hash", head.hash());
      json.writeEndObject();
      json.writeEndObject();
    }), MediaType.APPLICATION_JSON_TYPE).build();
  }

  private static Optional<RecordKind> kind(String value) throws BadParameter {
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(RecordKind.ofCode(value).orElseThrow(() -> new BadParameter("`kind` is one of "
        + String.join(", ", Arrays.stream(RecordKind.values()).map(RecordKind::code).toList()) + ", found \""
        + value + "\"")));
  }

  private static Optional<String> decision(String value) throws BadParameter {
    if (value != null && !DECISIONS.contains(value)) {
      throw new BadParameter("`decision` is one of " + String.join(", ", List.of("permit", "deny", "not_applicable",
          "indeterminate")) + ", found \"" + value + "\"");
    }
    return Optional.ofNullable(value);
  }

  private static Optional<Instant> time(String name, String value) throws BadParameter {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value));
    } catch (DateTimeParseException e) {
      throw new BadParameter("`" + name + "` must be an ISO-8601 time such as 2026-03-02T10:00:00Z, found \"" + value
          + "\"");
    }
  }

  private static int limit(String value) throws BadParameter {
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new BadParameter("`limit` must be a whole number from 1 to " + MAX_LIMIT + ", found \"" + value + "\"");
  }

  private static Optional<AuditQuery.PageToken> token(String value) throws BadParameter {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    Optional<AuditQuery.PageToken> token = AuditQuery.PageToken.decode(value);
    if (token.isEmpty()) {
      throw new BadParameter("`page_token` is not a token this service gave out");
    }
    return token;
  }

  /** A query parameter that is not valid; the message says which and why. */
  private static final class BadParameter extends Exception {
    BadParameter(String message) {
      super(message, null, false, false);
    }
  }
}
