package dev.arbiter.pep;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps everything the client reports, for tests to look at. */
class RecordingMetrics implements PdpClientMetrics {
  record DecisionEvent(long latencyNanos, Source source, Decision decision) {}

  record BreakerChange(BreakerState from, BreakerState to) {}

  final List<DecisionEvent> decisions = new CopyOnWriteArrayList<>();
  final List<PdpFailure> errors = new CopyOnWriteArrayList<>();
  final List<BreakerChange> breakerChanges = new CopyOnWriteArrayList<>();
  final List<String> revisions = new CopyOnWriteArrayList<>();

  @Override
  public void onDecision(long latencyNanos, Source source, Decision decision) {
    decisions.add(new DecisionEvent(latencyNanos, source, decision));
  }

  @Override
  public void onError(PdpFailure failure) {
    errors.add(failure);
  }

  @Override
  public void onBreakerStateChange(BreakerState from, BreakerState to) {
    breakerChanges.add(new BreakerChange(from, to));
  }

  @Override
  public void onRevision(String revision) {
    revisions.add(revision);
  }
}
