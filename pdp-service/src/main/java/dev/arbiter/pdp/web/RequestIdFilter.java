package dev.arbiter.pdp.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Echoes {@code X-Request-ID} so callers can match answers to requests in their logs. */
public class RequestIdFilter {
  static final String HEADER = "X-Request-ID";
  private static final int MAX_LENGTH = 256;

  @ServerResponseFilter
  public void echo(ContainerRequestContext request, ContainerResponseContext response) {
    String id = request.getHeaderString(HEADER);
    if (id != null && id.length() <= MAX_LENGTH && id.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      response.getHeaders().putSingle(HEADER, id);
    }
  }
}
