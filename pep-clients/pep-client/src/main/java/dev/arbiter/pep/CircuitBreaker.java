package dev.arbiter.pep;

import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The circuit breaker of {@link CircuitBreakerPolicy}: closed, open, half-open. Every call that may
 * go to the PDP asks for a {@linkplain #tryAcquire() ticket} and reports its result with it; a
 * ticket from before the last change of state is ignored, so that a slow call that started while
 * the breaker was closed cannot close it again while it is half-open.
 *
 * <p>Thread-safe. State changes reach the listener inside the lock, so that listeners see them
 * exactly once and in order; listeners must be quick (they are metrics hooks).
 */
final class CircuitBreaker {
  /** What {@link #tryAcquire()} returns when the call may not go ahead. */
  static final long REJECTED = -1;

  private final CircuitBreakerPolicy policy;
  private final LongSupplier nanoTime;
  private final BiConsumer<BreakerState, BreakerState> listener;

  private BreakerState state = BreakerState.CLOSED;
  private long generation;
  private int consecutiveFailures;
  private long openedAt;
  private int probesStarted;
  private int probesSucceeded;

  CircuitBreaker(CircuitBreakerPolicy policy, LongSupplier nanoTime, BiConsumer<BreakerState, BreakerState> listener) {
    this.policy = policy;
    this.nanoTime = nanoTime;
    this.listener = listener;
  }

  /** A ticket for one call, or {@link #REJECTED} while open (or half-open with all probes out). */
  synchronized long tryAcquire() {
    halfOpenIfDue();
    return switch (state) {
      case CLOSED -> generation;
      case OPEN -> REJECTED;
      case HALF_OPEN -> {
        if (probesStarted >= policy.halfOpenProbes()) {
          yield REJECTED;
        }
        probesStarted++;
        yield generation;
      }
    };
  }

  /** The PDP answered the call holding {@code ticket}. */
  synchronized void onSuccess(long ticket) {
    if (ticket != generation) {
      return;
    }
    switch (state) {
      case CLOSED -> consecutiveFailures = 0;
      case HALF_OPEN -> {
        if (++probesSucceeded >= policy.halfOpenProbes()) {
          moveTo(BreakerState.CLOSED);
        }
      }
      case OPEN -> { }
    }
  }

  /** The call holding {@code ticket} failed in a way that counts against the PDP. */
  synchronized void onFailure(long ticket) {
    if (ticket != generation) {
      return;
    }
    switch (state) {
      case CLOSED -> {
        if (++consecutiveFailures >= policy.failureThreshold()) {
          moveTo(BreakerState.OPEN);
        }
      }
      case HALF_OPEN -> moveTo(BreakerState.OPEN);
      case OPEN -> { }
    }
  }

  /**
   * The call holding {@code ticket} ended without telling anything about the PDP (it was
   * interrupted): a half-open breaker may send another probe instead.
   */
  synchronized void onAbandoned(long ticket) {
    if (ticket == generation && state == BreakerState.HALF_OPEN && probesStarted > 0) {
      probesStarted--;
    }
  }

  /** The state now; an open breaker whose time is up reads (and becomes) half-open. */
  synchronized BreakerState state() {
    halfOpenIfDue();
    return state;
  }

  /** Why a call was rejected, for the deny's message. */
  synchronized String rejection() {
    if (state == BreakerState.OPEN) {
      long left = Math.max(0, policy.openDuration().toNanos() - (nanoTime.getAsLong() - openedAt));
      return "the circuit breaker is open after " + policy.failureThreshold()
          + " failed call(s) to the PDP; it lets a probe through in " + Math.max(1, left / 1_000_000) + " ms";
    }
    return "the circuit breaker is half-open and its " + policy.halfOpenProbes() + " probe call(s) are under way";
  }

  private void halfOpenIfDue() {
    if (state == BreakerState.OPEN && nanoTime.getAsLong() - openedAt >= policy.openDuration().toNanos()) {
      moveTo(BreakerState.HALF_OPEN);
    }
  }

  private void moveTo(BreakerState next) {
    BreakerState previous = state;
    state = next;
    generation++;
    consecutiveFailures = 0;
    probesStarted = 0;
    probesSucceeded = 0;
    if (next == BreakerState.OPEN) {
      openedAt = nanoTime.getAsLong();
    }
    listener.accept(previous, next);
  }
}
