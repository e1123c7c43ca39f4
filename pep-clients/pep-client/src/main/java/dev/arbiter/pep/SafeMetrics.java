package dev.arbiter.pep;

import java.lang.System.Logger.Level;

/** The user's {@link PdpClientMetrics}, with whatever they throw logged and swallowed. */
final class SafeMetrics implements PdpClientMetrics {
  private static final System.Logger LOG = System.getLogger(SafeMetrics.class.getName());

  private final PdpClientMetrics metrics;

  SafeMetrics(PdpClientMetrics metrics) {
    this.metrics = metrics;
  }

  /** Called for every decision, cache hits included: no lambda in the way. */
  @Override
  public void onDecision(long latencyNanos, Source source, Decision decision) {
    try {
      metrics.onDecision(latencyNanos, source, decision);
    } catch (RuntimeException e) {
      swallow("onDecision", e);
    }
  }

  @Override
  public void onError(PdpFailure failure) {
    guard("onError", () -> metrics.onError(failure));
  }

  @Override
  public void onBreakerStateChange(BreakerState from, BreakerState to) {
    guard("onBreakerStateChange", () -> metrics.onBreakerStateChange(from, to));
  }

  @Override
  public void onRevision(String revision) {
    guard("onRevision", () -> metrics.onRevision(revision));
  }

  private static void guard(String hook, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      swallow(hook, e);
    }
  }

  private static void swallow(String hook, RuntimeException e) {
    LOG.log(Level.WARNING, "the metrics hook " + hook + " failed; ignored", e);
  }
}
