package dev.arbiter.pdp.signature;

import dev.arbiter.pdp.events.Detectors;
import dev.arbiter.pdp.web.RequestRefused;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Checks the signature of a covered request when its endpoint reads the body: the body is already
 * buffered at that point, so the digest costs no extra read, and every covered endpoint takes a
 * body (a test sends an unsigned request to each one).
 */
@Provider
public class SignedRequestInterceptor implements ReaderInterceptor {
  @Inject
  RequestSignatures signatures;

  @Inject
  CurrentVertxRequest current;

  @Inject
  Detectors detectors;

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    HttpServerRequest request = current.getCurrent().request();
    if (!signatures.covers(current.getCurrent().normalizedPath())) {
      return context.proceed();
    }
    byte[] body = context.getInputStream().readAllBytes();
    RequestSignatures.Headers headers = new RequestSignatures.Headers(
        request.getHeader(RequestSignatures.KEY_ID), request.getHeader(RequestSignatures.TIMESTAMP),
        request.getHeader(RequestSignatures.NONCE), request.getHeader(RequestSignatures.SIGNATURE));
    signatures.verify(request.method().name(), request.uri(), body, headers).ifPresent(error -> {
      if (error.status() == 401) {
        detectors.signatureRefused(error.code(), headers.keyId(), request.remoteAddress().host());
      }
      throw new RequestRefused(error);
    });
    context.setInputStream(new ByteArrayInputStream(body));
    return context.proceed();
  }
}
