package dev.arbiter.pep;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Asks the Arbiter PDP for decisions. Thread-safe: build one per PDP and share it.
 *
 * <pre>{@code
 * try (PdpClient pdp = PdpClient.builder("grpc://127.0.0.1:8080")
 *     .credentials(Credentials.apiKey(System.getenv("ARBITER_API_KEY")))
 *     .obligationHandlers(ObligationHandlers.builder().accept("audit").build())
 *     .build()) {
 *   Decision decision = pdp.evaluate(AccessRequest.of(
 *       Subject.of("identity", "bob"), Action.of("tools/call"), Resource.of("tool", "read_file")));
 *   if (decision.permitted()) { ... }
 * }
 * }</pre>
 *
 * <p>No method throws for anything the PDP or the network does: every such failure is a {@link
 * Decision.Deny} (fail closed) whose {@link DenyReason} says what happened. Methods throw only for
 * programming errors ({@link NullPointerException} for null arguments). After {@link #close()},
 * decisions are denies with {@link DenyReason#CLIENT_CLOSED}.
 */
public interface PdpClient extends AutoCloseable {
  /**
   * A builder for a client of the PDP at {@code address}: {@code grpc://host:port} (plaintext
   * HTTP/2), {@code grpcs://host:port} (TLS), {@code http://host:port} or {@code https://host:port}
   * (AuthZEN REST; a path is the prefix before {@code /access/v1}).
   *
   * @throws IllegalArgumentException if the address is not such a URI
   */
  static PdpClientBuilder builder(String address) {
    return new PdpClientBuilder(URI.create(address));
  }

  /** See {@link #builder(String)}. */
  static PdpClientBuilder builder(URI address) {
    return new PdpClientBuilder(address);
  }

  /**
   * The decision for one request: from the cache if a fresh answer is there, otherwise from the
   * PDP within the client's deadline; obligations checked by the registered handlers.
   */
  default Decision evaluate(AccessRequest request) {
    return evaluate(request, CallOptions.defaults());
  }

  /** {@link #evaluate(AccessRequest)} with per-call overrides. */
  Decision evaluate(AccessRequest request, CallOptions options);

  /**
   * The decisions for several requests, in their order: cached answers are used, the rest is
   * asked for in one batch call (several if there are more than the batch size, or several subject
   * tokens), all within one deadline. Each decision stands on its own: a failure denies only the
   * requests it left without an answer.
   */
  default List<Decision> evaluateAll(List<AccessRequest> requests) {
    return evaluateAll(requests, CallOptions.defaults());
  }

  /** {@link #evaluateAll(List)} with per-call overrides. */
  List<Decision> evaluateAll(List<AccessRequest> requests, CallOptions options);

  /**
   * {@link #evaluate(AccessRequest)} without blocking the caller: runs on the client's executor
   * (virtual threads unless {@link PdpClientBuilder#executor} says otherwise). The future never
   * completes exceptionally.
   */
  default CompletableFuture<Decision> evaluateAsync(AccessRequest request) {
    return evaluateAsync(request, CallOptions.defaults());
  }

  /** {@link #evaluateAsync(AccessRequest)} with per-call overrides. */
  CompletableFuture<Decision> evaluateAsync(AccessRequest request, CallOptions options);

  /** {@link #evaluateAll(List)} without blocking the caller; never completes exceptionally. */
  default CompletableFuture<List<Decision>> evaluateAllAsync(List<AccessRequest> requests) {
    return evaluateAllAsync(requests, CallOptions.defaults());
  }

  /** {@link #evaluateAllAsync(List)} with per-call overrides. */
  CompletableFuture<List<Decision>> evaluateAllAsync(List<AccessRequest> requests, CallOptions options);

  /**
   * A view of this client that also understands {@code handlers} (theirs win on a name both
   * know). It shares this client's connection, cache, breaker and settings; closing either closes
   * both. An integration library uses it to add the obligations it carries out.
   */
  PdpClient withObligationHandlers(ObligationHandlers handlers);

  /** The obligation handlers this client consults. */
  ObligationHandlers obligationHandlers();

  /** The PDP's current policy revision as far as the client knows, if it knows. */
  Optional<String> revision();

  /** The circuit breaker's state now. */
  BreakerState breakerState();

  /** Stops the revision stream and releases connections and threads. Idempotent. */
  @Override
  void close();
}
