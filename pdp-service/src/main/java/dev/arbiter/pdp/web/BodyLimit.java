package dev.arbiter.pdp.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers a body announced larger than {@link JsonBodies#MAX_BODY_SIZE} with 413 and the usual
 * error body, before anything reads it; {@link JsonBodies} does the same for bodies sent without a
 * length. {@code quarkus.http.limits.max-body-size} stays higher, as the last line that cuts off a
 * runaway chunked upload (with an empty 413) before it is buffered.
 */
@ApplicationScoped
public class BodyLimit {

  void install(@Observes Router router) {
    String body = ErrorMappers.tooLarge().toJson();
    router.route().order(-100).handler(context -> {
      String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
      if (length != null && isOver(length)) {
        context.response().setStatusCode(413)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .putHeader(HttpHeaders.CONNECTION, "close")
            .end(body);
      } else {
        context.next();
      }
    });
  }

  private boolean isOver(String length) {
    try {
      return Long.parseLong(length.trim()) > JsonBodies.MAX_BODY_SIZE;
    } catch (NumberFormatException e) {
      return false; // the HTTP codec refuses a malformed length itself
    }
  }
}
