package dev.arbiter.pep.mcp;

import dev.arbiter.pep.AccessRequest;
import dev.arbiter.pep.BreakerState;
import dev.arbiter.pep.CallOptions;
import dev.arbiter.pep.Decision;
import dev.arbiter.pep.DenyReason;
import dev.arbiter.pep.Obligation;
import dev.arbiter.pep.ObligationHandlers;
import dev.arbiter.pep.PdpClient;
import dev.arbiter.pep.PdpOutcome;
import dev.arbiter.pep.PdpResponse;
import dev.arbiter.pep.Source;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A PDP client answering by a rule in this process, recording what it was asked: single
 * evaluations and batches, in order. {@link #down} makes it answer as an unreachable PDP does.
 */
final class RulesPdp implements PdpClient {
  /** The obligations of a permit; {@code null} for a deny. */
  private final Function<AccessRequest, List<Obligation>> rule;
  final List<AccessRequest> singles = new CopyOnWriteArrayList<>();
  final List<List<AccessRequest>> batches = new CopyOnWriteArrayList<>();
  volatile boolean down;

  RulesPdp(Function<AccessRequest, List<Obligation>> rule) {
    this.rule = rule;
  }

  private Decision decide(AccessRequest request) {
    if (down) {
      return new Decision.Deny(DenyReason.PDP_UNAVAILABLE, "connection refused", Source.NONE, Optional.empty());
    }
    List<Obligation> obligations = rule.apply(request);
    if (obligations == null) {
      return new Decision.Deny(DenyReason.POLICY, "denied by policy", Source.REMOTE,
          Optional.of(response(PdpOutcome.DENY, List.of())));
    }
    return new Decision.Permit(Source.REMOTE, response(PdpOutcome.PERMIT, obligations));
  }

  private static PdpResponse response(PdpOutcome outcome, List<Obligation> obligations) {
    return new PdpResponse(outcome, obligations, List.of(), List.of(), List.of(), "r1", "decision-1",
        Duration.ZERO);
  }

  @Override
  public Decision evaluate(AccessRequest request, CallOptions options) {
    singles.add(request);
    return decide(request);
  }

  @Override
  public List<Decision> evaluateAll(List<AccessRequest> requests, CallOptions options) {
    batches.add(List.copyOf(requests));
    return requests.stream().map(this::decide).toList();
  }

  @Override
  public CompletableFuture<Decision> evaluateAsync(AccessRequest request, CallOptions options) {
    return CompletableFuture.completedFuture(evaluate(request, options));
  }

  @Override
  public CompletableFuture<List<Decision>> evaluateAllAsync(List<AccessRequest> requests, CallOptions options) {
    return CompletableFuture.completedFuture(evaluateAll(requests, options));
  }

  @Override
  public PdpClient withObligationHandlers(ObligationHandlers handlers) {
    return this; // the rule's obligations are the ones McpPep carries out on results
  }

  @Override
  public ObligationHandlers obligationHandlers() {
    return ObligationHandlers.none();
  }

  @Override
  public Optional<String> revision() {
    return Optional.of("r1");
  }

  @Override
  public BreakerState breakerState() {
    return BreakerState.CLOSED;
  }

  @Override
  public void close() {}
}
