package dev.arbiter.pdp.baseline;

import java.util.Locale;

/** How one baseline item fares. Declared from best to worst. */
public enum Status {
  /** Meets the baseline: full credit. */
  PASS(2),
  /** Acceptable for development or a deliberate choice, but not the baseline: half credit. */
  WARN(1),
  /** Below the baseline: no credit, and {@code arbiter baseline} exits 1. */
  FAIL(0);

  private final int halfCredits;

  Status(int halfCredits) {
    this.halfCredits = halfCredits;
  }

  /** The credit an item earns, in halves of its weight: 2, 1 or 0. */
  int halfCredits() {
    return halfCredits;
  }

  /** {@code pass}, {@code warn} or {@code fail}: the name in JSON. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }
}
