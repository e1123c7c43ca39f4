package dev.arbiter.pdp.authzen;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * AuthZEN discovery: {@code GET /.well-known/authzen-configuration}. Open to anyone, as metadata
 * is; the base URL is the one the document was fetched from, unless {@code arbiter.public-url}
 * names it (behind a proxy that does not forward its host).
 */
@Path("/.well-known/authzen-configuration")
@Tag(name = "AuthZEN")
@PermitAll
public class DiscoveryResource {
  private final Optional<String> publicUrl;

  DiscoveryResource(@ConfigProperty(name = "arbiter.public-url") Optional<String> publicUrl) {
    this.publicUrl = publicUrl;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Where this PDP's AuthZEN endpoints are")
  public Response configuration(@Context UriInfo uri) {
    String base = publicUrl.orElseGet(() -> uri.getBaseUri().toString());
    String root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    return Response.ok(DecisionJson.write(json -> {
      json.writeStartObject();
      json.writeStringField("policy_decision_point", root);
      json.writeStringField("access_evaluation_endpoint", root + "/access/v1/evaluation");
      json.writeStringField("access_evaluations_endpoint", root + "/access/v1/evaluations");
      json.writeStringField("search_subject_endpoint", root + "/access/v1/search/subject");
      json.writeStringField("search_resource_endpoint", root + "/access/v1/search/resource");
      json.writeStringField("search_action_endpoint", root + "/access/v1/search/action");
      json.writeEndObject();
    }), MediaType.APPLICATION_JSON_TYPE).build();
  }
}
