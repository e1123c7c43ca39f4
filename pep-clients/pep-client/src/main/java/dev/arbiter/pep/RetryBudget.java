package dev.arbiter.pep;

import java.util.function.LongSupplier;

/**
 * The token bucket behind {@link RetryPolicy}'s budget: calls deposit a fraction of a token, retries
 * withdraw whole ones, and a minimum rate trickles in with time. Counted in thousandths of a token.
 * Thread-safe.
 */
final class RetryBudget {
  private static final long TOKEN = 1000;

  private final long perCall;
  private final long perSecond;
  private final long capacity;
  private final LongSupplier nanoTime;
  private long balance;
  private long refilledAt;

  RetryBudget(RetryPolicy policy, LongSupplier nanoTime) {
    this.perCall = Math.round(policy.budgetRatio() * TOKEN);
    this.perSecond = policy.minRetriesPerSecond() * TOKEN;
    this.capacity = policy.budgetBurst() * TOKEN;
    this.nanoTime = nanoTime;
    this.refilledAt = nanoTime.getAsLong();
    // A client that has just started may retry as much as the minimum rate allows in a second.
    this.balance = Math.min(capacity, perSecond);
  }

  /** A call was made. */
  synchronized void deposit() {
    refill();
    balance = Math.min(capacity, balance + perCall);
  }

  /** Takes a token for a retry, if there is one. */
  synchronized boolean tryWithdraw() {
    refill();
    if (balance < TOKEN) {
      return false;
    }
    balance -= TOKEN;
    return true;
  }

  private void refill() {
    long now = nanoTime.getAsLong();
    long elapsed = now - refilledAt;
    if (elapsed <= 0 || perSecond == 0) {
      refilledAt = Math.max(refilledAt, now);
      return;
    }
    long earned = (long) (elapsed / 1e9 * perSecond);
    if (earned > 0) {
      balance = Math.min(capacity, balance + earned);
      refilledAt = now;
    }
  }
}
