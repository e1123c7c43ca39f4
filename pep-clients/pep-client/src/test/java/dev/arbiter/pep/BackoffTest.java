package dev.arbiter.pep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final Duration INITIAL = Duration.ofMillis(10);
  private static final Duration MAX = Duration.ofMillis(200);

  private static long millis(int retry, double random) {
    return Duration.ofNanos(Backoff.delayNanos(retry, INITIAL, MAX, random)).toMillis();
  }

  @Test
  void doublesFromTheInitialWaitAndIsJitteredByHalfEitherWay() {
    assertThat(millis(1, 0.5)).isEqualTo(10);
    assertThat(millis(2, 0.5)).isEqualTo(20);
    assertThat(millis(3, 0.5)).isEqualTo(40);
    assertThat(millis(3, 0)).isEqualTo(20);
    assertThat(millis(3, 0.999_999)).isEqualTo(59);
  }

  @Test
  void neverWaitsLongerThanTheMaximum() {
    assertThat(millis(5, 0.5)).isEqualTo(160);
    assertThat(millis(6, 0.5)).isEqualTo(200);
    assertThat(millis(6, 0.999)).isEqualTo(200);
    assertThat(millis(6, 0)).isEqualTo(100);
    assertThat(millis(10_000, 0.5)).isEqualTo(200);
    assertThat(Backoff.delayNanos(80, Duration.ofNanos(1), Duration.ofNanos(Long.MAX_VALUE), 0.5))
        .as("no overflow").isPositive();
  }
}
