package dev.arbiter.pep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {
  private final AtomicLong now = new AtomicLong();

  private RetryBudget budget(double ratio, int perSecond, int burst) {
    return new RetryBudget(new RetryPolicy(3, Duration.ZERO, Duration.ZERO, ratio, perSecond, burst), now::get);
  }

  private static int drain(RetryBudget budget) {
    int retries = 0;
    while (budget.tryWithdraw()) {
      retries++;
    }
    return retries;
  }

  @Test
  void startsWithOneSecondOfTheMinimumRate() {
    assertThat(drain(budget(0.2, 10, 100))).isEqualTo(10);
    assertThat(drain(budget(0.2, 10, 4))).as("never more than the burst").isEqualTo(4);
  }

  @Test
  void callsEarnRetriesAtTheRatio() {
    RetryBudget budget = budget(0.2, 0, 100);
    for (int i = 0; i < 50; i++) {
      budget.deposit();
    }
    assertThat(drain(budget)).as("50 calls at 20 %").isEqualTo(10);
  }

  @Test
  void theMinimumRateTricklesInAndTheBurstCapsIt() {
    RetryBudget budget = budget(0, 10, 20);
    drain(budget);
    now.addAndGet(Duration.ofMillis(500).toNanos());
    assertThat(drain(budget)).isEqualTo(5);
    now.addAndGet(Duration.ofMinutes(1).toNanos());
    assertThat(drain(budget)).isEqualTo(20);
  }

  @Test
  void withoutCallsOrARateThereAreNoRetries() {
    RetryBudget budget = budget(0.5, 0, 10);
    now.addAndGet(Duration.ofHours(1).toNanos());
    assertThat(budget.tryWithdraw()).isFalse();
  }
}
