package dev.arbiter.pep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;

/**
 * The {@link PdpClient}: a shared {@link ClientCore} and the obligation handlers of this view.
 * Turns the PDP's answers (fresh from the cache, from the PDP, or from the grace period) into
 * decisions, checking obligations on every permit, and failures into denies.
 */
final class DefaultPdpClient implements PdpClient {
  private final ClientCore core;
  private final ObligationHandlers handlers;

  private DefaultPdpClient(ClientCore core, ObligationHandlers handlers) {
    this.core = core;
    this.handlers = handlers;
  }

  static PdpClient start(Settings settings) {
    return new DefaultPdpClient(new ClientCore(settings).start(), settings.obligationHandlers());
  }

  @Override
  public Decision evaluate(AccessRequest request, CallOptions options) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(options, "options");
    long start = System.nanoTime();
    Decision decision = decide(request, options, start);
    core.metrics.onDecision(System.nanoTime() - start, decision.source(), decision);
    return decision;
  }

  private Decision decide(AccessRequest request, CallOptions options, long start) {
    if (core.closed()) {
      return closed();
    }
    PdpResponse cached = core.cache.fresh(request);
    if (cached != null) {
      return enforce(request, cached, Source.CACHE);
    }
    long grace = core.gracePeriodNanos(options);
    long generation = core.cache.generation();
    try {
      PdpResponse response = core.call((transport, timeout) -> transport.evaluate(request, timeout),
          core.deadline(start, options));
      core.cache.put(request, response, generation);
      return enforce(request, response, Source.REMOTE);
    } catch (CallFailure failure) {
      return failed(request, failure, grace);
    }
  }

  @Override
  public List<Decision> evaluateAll(List<AccessRequest> requests, CallOptions options) {
    List<AccessRequest> all = List.copyOf(requests);
    Objects.requireNonNull(options, "options");
    long start = System.nanoTime();
    Decision[] decisions = new Decision[all.size()];
    if (core.closed()) {
      Arrays.fill(decisions, closed());
    } else {
      Map<AccessRequest, List<Integer>> misses = new LinkedHashMap<>();
      for (int i = 0; i < all.size(); i++) {
        PdpResponse cached = core.cache.fresh(all.get(i));
        if (cached != null) {
          decisions[i] = enforce(all.get(i), cached, Source.CACHE);
        } else {
          misses.computeIfAbsent(all.get(i), request -> new ArrayList<>(1)).add(i);
        }
      }
      if (!misses.isEmpty()) {
        askForMisses(misses, decisions, options, start);
      }
    }
    long latency = System.nanoTime() - start;
    for (Decision decision : decisions) {
      core.metrics.onDecision(latency, decision.source(), decision);
    }
    return List.of(decisions);
  }

  /**
   * Asks the PDP about the requests the cache could not answer: one batch call per subject token
   * and per {@link PdpClientBuilder#maxBatchSize} requests, all within the call's deadline.
   */
  private void askForMisses(Map<AccessRequest, List<Integer>> misses, Decision[] decisions, CallOptions options,
      long start) {
    long grace = core.gracePeriodNanos(options);
    long deadline = core.deadline(start, options);
    Map<Optional<String>, List<AccessRequest>> byToken = misses.keySet().stream()
        .collect(Collectors.groupingBy(AccessRequest::subjectToken, LinkedHashMap::new, Collectors.toList()));
    int batchSize = core.settings.maxBatchSize();
    for (List<AccessRequest> sameToken : byToken.values()) {
      for (int from = 0; from < sameToken.size(); from += batchSize) {
        List<AccessRequest> batch = sameToken.subList(from, Math.min(sameToken.size(), from + batchSize));
        long generation = core.cache.generation();
        try {
          List<BatchItem> items = core.call((transport, timeout) -> transport.evaluateBatch(batch, timeout), deadline);
          for (int i = 0; i < batch.size(); i++) {
            AccessRequest request = batch.get(i);
            for (int index : misses.get(request)) {
              decisions[index] = switch (items.get(i)) {
                case BatchItem.Answered answered -> {
                  core.cache.put(request, answered.response(), generation);
                  yield enforce(request, answered.response(), Source.REMOTE);
                }
                case BatchItem.Rejected rejected -> new Decision.Deny(DenyReason.REQUEST_REJECTED,
                    "the PDP refused the request: " + rejected.message(), Source.NONE, Optional.empty());
              };
            }
          }
        } catch (CallFailure failure) {
          for (AccessRequest request : batch) {
            for (int index : misses.get(request)) {
              decisions[index] = failed(request, failure, grace);
            }
          }
        }
      }
    }
  }

  /** The decision the PDP's {@code response} calls for, once its obligations are checked. */
  private Decision enforce(AccessRequest request, PdpResponse response, Source source) {
    if (!response.permitted()) {
      return new Decision.Deny(DenyReason.POLICY, policyDenial(response), source, Optional.of(response));
    }
    for (Obligation obligation : response.obligations()) {
      ObligationHandler handler = handlers.handler(obligation.name()).orElse(null);
      if (handler == null) {
        return new Decision.Deny(DenyReason.UNHANDLED_OBLIGATION, "the PDP permitted with the obligation `"
            + obligation.name() + "`, which no handler understands", source, Optional.of(response));
      }
      Fulfilment fulfilment;
      try {
        fulfilment = handler.fulfil(obligation, request);
      } catch (RuntimeException e) {
        fulfilment = Fulfilment.refused("the handler of the obligation `" + obligation.name() + "` failed: " + e);
      }
      if (!(fulfilment instanceof Fulfilment.Accepted)) {
        String message = fulfilment instanceof Fulfilment.Refused refused ? refused.message()
            : "the handler of the obligation `" + obligation.name() + "` gave no answer";
        return new Decision.Deny(DenyReason.OBLIGATION_REFUSED, message, source, Optional.of(response));
      }
    }
    return new Decision.Permit(source, response);
  }

  private static String policyDenial(PdpResponse response) {
    String verdict = switch (response.outcome()) {
      case DENY -> "the policies deny";
      case NOT_APPLICABLE -> "no policy applies";
      case INDETERMINATE -> "the policies could not decide";
      case PERMIT -> throw new IllegalArgumentException("a permit is not a denial");
    };
    List<String> why = new ArrayList<>();
    response.reasons().forEach(reason -> why.add(reason.policy() + "/" + reason.rule()));
    why.addAll(response.errors());
    return why.isEmpty() ? verdict : verdict + ": " + String.join(", ", why);
  }

  /** A failed call's decision: a cached permit within the grace period if allowed, else a deny. */
  private Decision failed(AccessRequest request, CallFailure failure, long graceNanos) {
    boolean pdpOutOfReach = switch (failure.reason()) {
      case PDP_UNAVAILABLE, DEADLINE_EXCEEDED, CIRCUIT_OPEN -> true;
      default -> false;
    };
    if (graceNanos > 0 && pdpOutOfReach) {
      Optional<PdpResponse> permit = core.cache.gracePermit(request, graceNanos);
      if (permit.isPresent()) {
        return enforce(request, permit.get(), Source.GRACE);
      }
    }
    return new Decision.Deny(failure.reason(), failure.getMessage(), Source.NONE, Optional.empty());
  }

  private static Decision closed() {
    return new Decision.Deny(DenyReason.CLIENT_CLOSED, "the PDP client is closed", Source.NONE, Optional.empty());
  }

  @Override
  public CompletableFuture<Decision> evaluateAsync(AccessRequest request, CallOptions options) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(options, "options");
    try {
      return CompletableFuture.supplyAsync(() -> evaluate(request, options), core.executor());
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(closed());
    }
  }

  @Override
  public CompletableFuture<List<Decision>> evaluateAllAsync(List<AccessRequest> requests, CallOptions options) {
    List<AccessRequest> all = List.copyOf(requests);
    Objects.requireNonNull(options, "options");
    try {
      return CompletableFuture.supplyAsync(() -> evaluateAll(all, options), core.executor());
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(all.stream().map(request -> closed()).toList());
    }
  }

  @Override
  public PdpClient withObligationHandlers(ObligationHandlers more) {
    return new DefaultPdpClient(core, handlers.with(Objects.requireNonNull(more, "handlers")));
  }

  @Override
  public ObligationHandlers obligationHandlers() {
    return handlers;
  }

  @Override
  public Optional<String> revision() {
    return core.cache.revision();
  }

  @Override
  public BreakerState breakerState() {
    return core.breaker.state();
  }

  @Override
  public void close() {
    core.close();
  }

  @Override
  public String toString() {
    return "PdpClient[" + core.settings.endpoint() + ", " + handlers + "]";
  }
}
