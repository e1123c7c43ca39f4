package dev.arbiter.pdp.decision;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decision ids unique across replicas and restarts: a random prefix drawn once per process, then a
 * counter. Cheaper than a random UUID per decision, which would cost more than the decision.
 */
final class DecisionIds {
  private final String prefix;
  private final AtomicLong counter = new AtomicLong();

  DecisionIds() {
    byte[] random = new byte[8];
    new SecureRandom().nextBytes(random);
    this.prefix = HexFormat.of().formatHex(random) + "-";
  }

  String next() {
    return prefix + Long.toHexString(counter.incrementAndGet());
  }
}
