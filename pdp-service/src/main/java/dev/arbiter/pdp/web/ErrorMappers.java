package dev.arbiter.pdp.web;

import dev.arbiter.pdp.audit.AuditUnavailable;
import dev.arbiter.pdp.security.CallerAuthentication;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Whatever the framework or a bug throws still answers {@code {"code", "message"}}. Unexpected
 * failures are logged with an id the caller can quote; the answer holds no internals.
 */
public class ErrorMappers {
  private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

  @Inject
  CallerAuthentication authentication;

  @ServerExceptionMapper
  public Response framework(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    return switch (status) {
      case 404 -> new ApiError(404, "not_found", "no such endpoint; see /q/openapi for the API").toResponse();
      case 405 -> new ApiError(405, "method_not_allowed", "this endpoint does not take that HTTP method").toResponse();
      case 406 -> new ApiError(406, "not_acceptable", "this endpoint answers application/json").toResponse();
      case 413 -> tooLarge().toResponse();
      case 415 -> new ApiError(400, "unsupported_content_type", "the body must be JSON (Content-Type: application/json)")
          .toResponse();
      default -> status >= 500 ? unexpected(e) : new ApiError(status, "invalid_request", "the request was refused")
          .toResponse();
    };
  }

  /** Under sync durability a decision leaves only with its audit record persisted. */
  @ServerExceptionMapper
  public Response auditUnavailable(AuditUnavailable e) {
    return ApiError.unavailable("no decision without its audit record: " + e.getMessage()).toResponse();
  }

  @ServerExceptionMapper
  public Response refused(RequestRefused e) {
    return e.error().toResponse();
  }

  @ServerExceptionMapper
  public Response authenticationFailed(AuthenticationFailedException e) {
    String reason = e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : "the credentials are not valid";
    return unauthenticated(reason);
  }

  @ServerExceptionMapper
  public Response unauthorized(UnauthorizedException e) {
    return unauthenticated("this endpoint needs credentials");
  }

  /** A 401 says which credential to bring (RFC 9110 §11.6.1). */
  private Response unauthenticated(String reason) {
    return Response.fromResponse(new ApiError(401, "unauthenticated", reason).toResponse())
        .header("WWW-Authenticate", authentication.challenge()).build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return new ApiError(403, "forbidden", "the caller's roles do not allow this endpoint").toResponse();
  }

  @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
  public Response unexpected(Throwable e) {
    String id = Long.toHexString(System.nanoTime());
    LOG.errorf(e, "unexpected failure %s", id);
    return new ApiError(500, "internal_error", "the service could not answer; quote " + id + " to its operators")
        .toResponse();
  }

  static ApiError tooLarge() {
    return new ApiError(413, "body_too_large", "the request body is larger than this service accepts");
  }
}
