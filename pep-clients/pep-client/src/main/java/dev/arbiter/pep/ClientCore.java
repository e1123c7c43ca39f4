package dev.arbiter.pep;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every view of one client shares: the transport, the cache, the circuit breaker, the retry
 * budget, the revision stream and the threads. {@link #call} is the one road to the PDP: breaker,
 * then attempts within the deadline, retried while the failure allows it, the policy and the
 * budget agree and the backoff ends before the deadline. Thread-safe.
 */
final class ClientCore implements AutoCloseable {
  /** One attempt of a remote call. */
  @FunctionalInterface
  interface Attempt<T> {
    T run(Transport transport, long timeoutNanos) throws CallFailure;
  }

  final Settings settings;
  final PdpClientMetrics metrics;
  final DecisionCache cache;
  final CircuitBreaker breaker;
  private final RetryBudget budget;
  private final Transport transport;
  private final GrpcTransport watchTransport;
  private final RevisionWatcher watcher;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService ownExecutor;
  private final Executor executor;
  private final AtomicBoolean closed = new AtomicBoolean();

  ClientCore(Settings settings) {
    this.settings = settings;
    this.metrics = new SafeMetrics(settings.metrics());
    this.breaker = new CircuitBreaker(settings.circuitBreaker(), System::nanoTime, metrics::onBreakerStateChange);
    this.budget = new RetryBudget(settings.retry(), System::nanoTime);
    this.cache = new DecisionCache(settings.cache(), settings.gracePeriod(), System::nanoTime, metrics::onRevision);
    Endpoint endpoint = settings.endpoint();
    this.transport = switch (endpoint.protocol()) {
      case GRPC -> new GrpcTransport(endpoint, settings.tls(), settings.credentials());
      case HTTP -> new HttpTransport(endpoint, settings.tls(), settings.credentials(), settings.signer());
    };
    if (settings.watchRevisions()) {
      // The PDP serves gRPC on its HTTP port, so a REST client follows revisions there too.
      this.watchTransport = transport instanceof GrpcTransport grpc ? null
          : new GrpcTransport(endpoint, settings.tls(), settings.credentials());
      this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "arbiter-pep-revisions");
        thread.setDaemon(true);
        return thread;
      });
      this.watcher = new RevisionWatcher(watchTransport != null ? watchTransport : (GrpcTransport) transport,
          scheduler, settings.watchInitialBackoff(), settings.watchMaxBackoff(), cache::revisionAnnounced,
          cache::streamLost);
    } else {
      this.watchTransport = null;
      this.scheduler = null;
      this.watcher = null;
    }
    this.ownExecutor = settings.executor() == null ? Executors.newVirtualThreadPerTaskExecutor() : null;
    this.executor = settings.executor() != null ? settings.executor() : ownExecutor;
  }

  /** Starts following revisions; separate from construction so that nothing escapes a half-built core. */
  ClientCore start() {
    if (watcher != null) {
      watcher.subscribe();
    }
    return this;
  }

  boolean closed() {
    return closed.get();
  }

  Executor executor() {
    return executor;
  }

  /** The grace period of a call with {@code options}, in nanoseconds; 0 for none. */
  long gracePeriodNanos(CallOptions options) {
    long grace = options.gracePeriod().orElse(settings.gracePeriod()).toNanos();
    if (grace > 0) {
      cache.extendGraceHorizon(grace);
    }
    return grace;
  }

  /** When a call with {@code options} that starts at {@code start} must be done, in {@link System#nanoTime()}. */
  long deadline(long start, CallOptions options) {
    Duration deadline = options.deadline().orElse(settings.deadline());
    return start + deadline.toNanos();
  }

  /**
   * Runs {@code attempt} until it succeeds, may not be retried, or the deadline forbids another
   * try; reports each failed attempt to the metrics and the outcome to the breaker.
   *
   * @throws CallFailure the last failure, or {@link DenyReason#CIRCUIT_OPEN} without an attempt
   */
  <T> T call(Attempt<T> attempt, long deadline) throws CallFailure {
    long ticket = breaker.tryAcquire();
    if (ticket == CircuitBreaker.REJECTED) {
      throw CallFailure.of(DenyReason.CIRCUIT_OPEN, breaker.rejection());
    }
    budget.deposit();
    RetryPolicy retry = settings.retry();
    for (int attempts = 1; ; attempts++) {
      CallFailure failure;
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        failure = CallFailure.of(DenyReason.DEADLINE_EXCEEDED, "the call's deadline passed before the PDP answered");
      } else {
        try {
          T result = attempt.run(transport, remaining);
          breaker.onSuccess(ticket);
          return result;
        } catch (CallFailure e) {
          failure = e;
        } catch (RuntimeException unexpected) {
          failure = CallFailure.of(DenyReason.PDP_ERROR, "the call to the PDP failed unexpectedly: " + unexpected);
        }
      }
      long backoff = 0;
      boolean again = failure.retryable() && attempts < retry.maxAttempts() && !closed();
      if (again) {
        backoff = Backoff.delayNanos(attempts, retry.initialBackoff(), retry.maxBackoff());
        again = System.nanoTime() + backoff - deadline < 0 && budget.tryWithdraw();
      }
      metrics.onError(new PdpFailure(failure.reason(), failure.getMessage(), attempts, again));
      if (!again) {
        settle(ticket, failure);
        throw failure;
      }
      try {
        TimeUnit.NANOSECONDS.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        breaker.onAbandoned(ticket);
        throw CallFailure.of(DenyReason.CLIENT_CLOSED, "interrupted while waiting to retry: " + failure.getMessage());
      }
    }
  }

  private void settle(long ticket, CallFailure failure) {
    if (failure.countsAgainstPdp()) {
      breaker.onFailure(ticket);
    } else if (failure.answeredByPdp()) {
      breaker.onSuccess(ticket);
    } else {
      breaker.onAbandoned(ticket);
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (watcher != null) {
      watcher.close();
      scheduler.shutdownNow();
    }
    transport.close();
    if (watchTransport != null) {
      watchTransport.close();
    }
    if (ownExecutor != null) {
      ownExecutor.shutdown();
    }
    cache.clear();
  }
}
