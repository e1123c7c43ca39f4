package dev.arbiter.pdp.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers an announced oversized body with 413 and the usual error body, before anything reads
 * it. Runs ahead of Quarkus' own check for {@code quarkus.http.limits.max-body-size}, which would
 * answer with an empty body.
 */
@ApplicationScoped
public class BodyLimit {
  private final long maxBodySize;

  BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
    this.maxBodySize = maxBodySize.asLongValue();
  }

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
      return Long.parseLong(length.trim()) > maxBodySize;
    } catch (NumberFormatException e) {
      return false; // the HTTP codec refuses a malformed length itself
    }
  }
}
