package dev.arbiter.pep;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The registry of {@link ObligationHandler}s by obligation name. Immutable; build one with {@link
 * #builder()}. An obligation whose name has no handler here turns a permit into a {@link
 * Decision.Deny} with {@link DenyReason#UNHANDLED_OBLIGATION}: an enforcement point must not go
 * ahead with a duty it does not understand (the XACML rule). Advice needs no handler.
 *
 * <pre>{@code
 * ObligationHandlers handlers = ObligationHandlers.builder()
 *     .accept("audit")                                     // understood: logged elsewhere
 *     .handle("rate_limit", (obligation, request) -> limiter.tryAcquire(obligation)
 *         ? Fulfilment.accepted() : Fulfilment.refused("rate limit reached"))
 *     .build();
 * }</pre>
 */
public final class ObligationHandlers {
  private static final ObligationHandlers NONE = new ObligationHandlers(Map.of());
  private static final ObligationHandler ACCEPT = (obligation, request) -> Fulfilment.accepted();

  private final Map<String, ObligationHandler> handlers;

  private ObligationHandlers(Map<String, ObligationHandler> handlers) {
    this.handlers = Map.copyOf(handlers);
  }

  /** No handlers: every permit that carries an obligation becomes a deny. */
  public static ObligationHandlers none() {
    return NONE;
  }

  /** A builder starting empty. */
  public static Builder builder() {
    return new Builder(Map.of());
  }

  /** A builder starting with this registry's handlers. */
  public Builder toBuilder() {
    return new Builder(handlers);
  }

  /** The handler for obligations named {@code name}, if one is registered. */
  public Optional<ObligationHandler> handler(String name) {
    return Optional.ofNullable(handlers.get(name));
  }

  /** The obligation names this registry understands. */
  public Set<String> names() {
    return handlers.keySet();
  }

  /**
   * This registry together with {@code others}; where both have a handler for a name, {@code
   * others}' wins.
   */
  public ObligationHandlers with(ObligationHandlers others) {
    Map<String, ObligationHandler> merged = new HashMap<>(handlers);
    merged.putAll(others.handlers);
    return new ObligationHandlers(merged);
  }

  @Override
  public String toString() {
    return "ObligationHandlers" + new java.util.TreeSet<>(handlers.keySet());
  }

  /** Collects handlers; not thread-safe. */
  public static final class Builder {
    private final Map<String, ObligationHandler> handlers;

    private Builder(Map<String, ObligationHandler> handlers) {
      this.handlers = new HashMap<>(handlers);
    }

    /**
     * Registers {@code handler} for obligations named {@code name}, replacing any earlier one.
     *
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Builder handle(String name, ObligationHandler handler) {
      handlers.put(JsonValues.requireText(name, "an obligation's name"), Objects.requireNonNull(handler, "handler"));
      return this;
    }

    /**
     * Declares obligations named {@code name} understood with nothing to check before the action
     * (the enforcement point carries them out afterwards, or they are informational).
     */
    public Builder accept(String name) {
      return handle(name, ACCEPT);
    }

    public ObligationHandlers build() {
      return new ObligationHandlers(handlers);
    }
  }
}
