package dev.arbiter.pep;

import java.lang.System.Logger.Level;

/** The user's {@link PdpClientMetrics}, with whatever they throw logged and swallowed. */
final class SafeMetrics implements PdpClientMetrics {
  private static final System.Logger LOG = System.getLogger(SafeMetrics.class.getName());

  private final PdpClientMetrics metrics;

  SafeMetrics(PdpClientMetrics metrics) {
    this.metrics = metrics;
  }

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
    try {
      metrics.onError(failure);
    } catch (RuntimeException e) {
      swallow("onError", e);
    }
  }

  @Override
  public void onBreakerStateChange(BreakerState from, BreakerState to) {
    try {
      metrics.onBreakerStateChange(from, to);
    } catch (RuntimeException e) {
      swallow("onBreakerStateChange", e);
    }
  }

  @Override
  public void onRevision(String revision) {
    try {
      metrics.onRevision(revision);
    } catch (RuntimeException e) {
      swallow("onRevision", e);
    }
  }

  private static void swallow(String hook, RuntimeException e) {
    LOG.log(Level.WARNING, "the metrics hook " + hook + " failed; ignored", e);
  }
}
