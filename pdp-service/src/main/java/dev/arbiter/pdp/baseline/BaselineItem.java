package dev.arbiter.pdp.baseline;

import java.util.Objects;

/**
 * One checked item of the baseline.
 *
 * @param id a stable name, such as {@code tls} or {@code default-secrets}
 * @param title what the baseline asks, in a few words
 * @param status how the running configuration fares
 * @param weight how much the item counts towards the score, 1 to 3
 * @param message what was found and, unless the item passes, what to change
 */
public record BaselineItem(String id, String title, Status status, int weight, String message) {
  public BaselineItem {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    if (weight < 1) {
      throw new IllegalArgumentException("weight must be at least 1, found " + weight);
    }
  }
}
