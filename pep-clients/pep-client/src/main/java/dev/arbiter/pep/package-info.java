/**
 * The Java client of the Arbiter PDP for policy enforcement points (PEPs): ask whether a subject may
 * take an action on a resource, and get a {@link dev.arbiter.pep.Decision} to enforce.
 *
 * <p>Start with {@link dev.arbiter.pep.PdpClient#builder(String)}. The client speaks gRPC
 * ({@code grpc://}, {@code grpcs://}) or the AuthZEN REST API ({@code http://}, {@code https://}),
 * authenticates with a bearer token, an API key or a TLS client certificate, and around every
 * remote call applies a deadline, retries within a budget and a circuit breaker. Answers are cached
 * for as long as the PDP allows and dropped as soon as the PDP announces a new policy revision.
 *
 * <p>It <b>fails closed</b>: whenever no valid answer is at hand (the PDP is unreachable, too slow,
 * refuses the call or answers nonsense, the breaker is open) the decision is a {@link
 * dev.arbiter.pep.Decision.Deny} whose {@link dev.arbiter.pep.DenyReason} says why; an opt-in grace
 * period lets a cached permit stand in while the PDP is unreachable. A permit carrying an obligation
 * that no registered {@link dev.arbiter.pep.ObligationHandler} understands is a deny as well.
 *
 * <p>Everything public here is immutable or thread-safe; the implementation is package-private.
 * The generated gRPC contract lives in {@code dev.arbiter.pdp.api.v1} and is not part of this API.
 */
package dev.arbiter.pep;
