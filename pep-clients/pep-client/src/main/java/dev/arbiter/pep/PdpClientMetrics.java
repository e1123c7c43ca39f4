package dev.arbiter.pep;

/**
 * Hooks for metrics and logs: implement the methods you need (all default to doing nothing) and
 * pass the object to {@link PdpClientBuilder#metrics}. Called synchronously on the thread that made
 * the call (the revision stream's thread for {@link #onRevision}), so implementations must be
 * thread-safe and quick: count, record in a histogram, hand off to a logger. An exception thrown
 * here is swallowed and does not change any decision.
 */
public interface PdpClientMetrics {
  /** Records nothing. */
  PdpClientMetrics NONE = new PdpClientMetrics() {};

  /**
   * A decision was handed out (one per request, batch items included).
   *
   * @param latencyNanos time from the call to the decision, in nanoseconds (for a batch, the whole
   *     batch's)
   * @param source where the answer came from
   * @param decision the decision itself: permitted or not, and a deny's reason
   */
  default void onDecision(long latencyNanos, Source source, Decision decision) {}

  /** An attempt to reach the PDP failed (it may be retried). Not called for cache hits or policy denies. */
  default void onError(PdpFailure failure) {}

  /** The circuit breaker changed state. */
  default void onBreakerStateChange(BreakerState from, BreakerState to) {}

  /** The PDP announced (or an answer revealed) a policy revision other than the last known one. */
  default void onRevision(String revision) {}
}
