package dev.arbiter.pep.mcp;

import dev.arbiter.pep.Fulfilment;
import dev.arbiter.pep.Obligation;
import dev.arbiter.pep.ObligationHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code max_concurrent(key, limit)}, enforced in this server: at most {@code limit} calls per key
 * running at once. Only the enforcement point sees a call end, so the cap lives here. The
 * obligation's arguments are checked when the decision is made; the slots are taken just before the
 * handler runs, once every obligation of the permit has been accepted, and given back when it ends,
 * however it ends. The counts are this process's: several replicas of a server each allow the cap.
 */
final class ConcurrencyCaps {
  static final String NAME = "max_concurrent";

  private final ConcurrentHashMap<String, AtomicInteger> running = new ConcurrentHashMap<>();

  /** Checks the arguments when the PDP's permit arrives; a malformed cap refuses the permit. */
  static ObligationHandler checker() {
    return (obligation, request) -> arguments(obligation).isPresent() ? Fulfilment.accepted()
        : Fulfilment.refused(NAME + " needs `key` and a positive `limit`");
  }

  /**
   * Takes a slot under every cap among {@code obligations}, or none: the slots to give back when the
   * call ends, or empty with nothing taken when a cap is full.
   */
  Optional<Slots> take(List<Obligation> obligations) {
    if (obligations.stream().noneMatch(obligation -> obligation.name().equals(NAME))) {
      return Optional.of(Slots.NONE);
    }
    List<AtomicInteger> taken = new ArrayList<>();
    for (Obligation obligation : obligations) {
      if (!obligation.name().equals(NAME)) {
        continue;
      }
      Cap cap = arguments(obligation).orElseThrow(); // the checker accepted it
      AtomicInteger count = running.computeIfAbsent(cap.key(), ignored -> new AtomicInteger());
      if (count.incrementAndGet() > cap.limit()) {
        count.decrementAndGet();
        taken.forEach(AtomicInteger::decrementAndGet);
        return Optional.empty();
      }
      taken.add(count);
    }
    return Optional.of(new Slots(taken));
  }

  /** Slots held by one running call. */
  static final class Slots {
    /** For the calls no cap applies to: nothing to give back. */
    static final Slots NONE = new Slots(List.of());

    private final List<AtomicInteger> taken;
    private boolean released;

    private Slots(List<AtomicInteger> taken) {
      this.taken = taken;
    }

    void release() {
      if (!taken.isEmpty()) {
        releaseOnce();
      }
    }

    private synchronized void releaseOnce() {
      if (!released) {
        released = true;
        taken.forEach(AtomicInteger::decrementAndGet);
      }
    }
  }

  private record Cap(String key, long limit) {}

  private static Optional<Cap> arguments(Obligation obligation) {
    Optional<String> key = obligation.stringArgument("key");
    long limit = obligation.longArgument("limit").orElse(-1);
    return key.isPresent() && limit > 0 ? Optional.of(new Cap(key.get(), limit)) : Optional.empty();
  }
}
