package dev.arbiter.pdp.web;

import java.util.Objects;

/**
 * Stops a request from code that cannot return a response itself (an interceptor, a filter);
 * {@link ErrorMappers} answers with its error. No stack trace is filled in: it is an answer, not a
 * failure.
 */
public final class RequestRefused extends RuntimeException {
  private final transient ApiError error;

  public RequestRefused(ApiError error) {
    super(Objects.requireNonNull(error, "error").message(), null, false, false);
    this.error = error;
  }

  public ApiError error() {
    return error;
  }
}
