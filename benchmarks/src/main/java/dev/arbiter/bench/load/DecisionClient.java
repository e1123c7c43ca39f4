package dev.arbiter.bench.load;

import java.util.concurrent.CompletableFuture;

/** Asks one PDP, over one protocol, for the decision on a call of the {@link RequestSet}. */
interface DecisionClient extends AutoCloseable {
  /** Sends call {@code index} and completes with {@code true} for a permit, {@code false} for a deny. */
  CompletableFuture<Boolean> decide(int index);

  @Override
  void close();
}
