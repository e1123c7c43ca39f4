package dev.arbiter.pdp.events;

import java.util.Optional;

/** How urgent an event is: 1 needs someone now, 4 is for the record. */
public enum Severity {
  CRITICAL(1), HIGH(2), MEDIUM(3), LOW(4);

  private final int level;

  Severity(int level) {
    this.level = level;
  }

  public int level() {
    return level;
  }

  /** Whether this is at least as urgent as {@code other} (a lower level is more urgent). */
  public boolean atLeast(Severity other) {
    return level <= other.level;
  }

  public static Optional<Severity> ofLevel(int level) {
    for (Severity severity : values()) {
      if (severity.level == level) {
        return Optional.of(severity);
      }
    }
    return Optional.empty();
  }
}
