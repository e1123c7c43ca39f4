package dev.arbiter.pep;

/**
 * Takes charge of one kind of obligation (by name, see {@link ObligationHandlers}). On every permit
 * that carries such an obligation — from the PDP, the cache or the grace period alike — the client
 * asks the handler whether it can be fulfilled for this request, before handing out the permit. A
 * refusal turns the permit into a {@link Decision.Deny} with {@link DenyReason#OBLIGATION_REFUSED}.
 *
 * <p>Checks that belong before the protected action happen here (a local rate limit counts the
 * call, an approval requirement refuses without one); duties that apply to the action's result
 * (masking fields, capping sizes) are accepted here, when their arguments make sense, and carried
 * out by the enforcement point afterwards from {@link Decision#obligations()}.
 *
 * <p>Implementations must be thread-safe and quick: they run on the caller's thread, on the
 * cache-hit path too. An exception counts as a refusal.
 */
@FunctionalInterface
public interface ObligationHandler {
  /**
   * Whether the enforcement point can fulfil {@code obligation} for {@code request}.
   *
   * @param obligation the obligation, with the PDP's arguments
   * @param request the request the PDP permitted
   * @return {@link Fulfilment#accepted()} or {@link Fulfilment#refused(String)} with the reason
   */
  Fulfilment fulfil(Obligation obligation, AccessRequest request);
}
