package dev.arbiter.pep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final AtomicLong now = new AtomicLong();
  private final List<String> changes = new ArrayList<>();

  private CircuitBreaker breaker(int threshold, int probes) {
    return new CircuitBreaker(new CircuitBreakerPolicy(threshold, Duration.ofSeconds(5), probes), now::get,
        (from, to) -> changes.add(from + "->" + to));
  }

  private void fail(CircuitBreaker breaker, int times) {
    for (int i = 0; i < times; i++) {
      breaker.onFailure(breaker.tryAcquire());
    }
  }

  @Test
  void opensAfterTheThresholdOfFailuresInARowOnly() {
    CircuitBreaker breaker = breaker(3, 1);
    fail(breaker, 2);
    breaker.onSuccess(breaker.tryAcquire());
    fail(breaker, 2);
    assertThat(breaker.state()).as("a success starts the count over").isEqualTo(BreakerState.CLOSED);

    fail(breaker, 1);

    assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.REJECTED);
    assertThat(breaker.rejection()).contains("open after 3 failed call(s)", "in 5000 ms");
    assertThat(changes).containsExactly("CLOSED->OPEN");
  }

  @Test
  void halfOpensWhenTheOpenDurationHasPassedAndClosesWhenTheProbesSucceed() {
    CircuitBreaker breaker = breaker(1, 2);
    fail(breaker, 1);
    now.addAndGet(Duration.ofSeconds(5).toNanos() - 1);
    assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.REJECTED);
    now.addAndGet(1);

    long first = breaker.tryAcquire();
    long second = breaker.tryAcquire();
    assertThat(breaker.tryAcquire()).as("only two probes at a time").isEqualTo(CircuitBreaker.REJECTED);
    assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    breaker.onSuccess(first);
    assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    breaker.onSuccess(second);

    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(changes).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
  }

  @Test
  void aFailedProbeOpensAgainForTheWholeDuration() {
    CircuitBreaker breaker = breaker(1, 1);
    fail(breaker, 1);
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    long probe = breaker.tryAcquire();
    now.addAndGet(Duration.ofSeconds(1).toNanos());

    breaker.onFailure(probe);

    assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    now.addAndGet(Duration.ofSeconds(4).toNanos());
    assertThat(breaker.state()).as("open 5 s from the failed probe").isEqualTo(BreakerState.OPEN);
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
  }

  @Test
  void aCallFromBeforeAChangeOfStateCountsForNothing() {
    CircuitBreaker breaker = breaker(1, 1);
    long slow = breaker.tryAcquire();
    fail(breaker, 1);
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    long probe = breaker.tryAcquire();

    breaker.onSuccess(slow);
    assertThat(breaker.state()).as("the slow call does not close a half-open breaker").isEqualTo(BreakerState.HALF_OPEN);
    breaker.onFailure(slow);
    assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);

    breaker.onSuccess(probe);
    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void anAbandonedProbeLetsAnotherOneThrough() {
    CircuitBreaker breaker = breaker(1, 1);
    fail(breaker, 1);
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    long probe = breaker.tryAcquire();
    assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.REJECTED);
    assertThat(breaker.rejection()).contains("half-open");

    breaker.onAbandoned(probe);

    assertThat(breaker.tryAcquire()).isNotEqualTo(CircuitBreaker.REJECTED);
  }

  @Test
  void aDisabledBreakerNeverOpens() {
    CircuitBreaker breaker = new CircuitBreaker(CircuitBreakerPolicy.disabled(), now::get, (from, to) -> { });
    fail(breaker, 10_000);
    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
  }
}
