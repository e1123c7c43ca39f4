package dev.arbiter.pep;

/** The states of the client's circuit breaker; see {@link CircuitBreakerPolicy}. */
public enum BreakerState {
  /** Calls go to the PDP. */
  CLOSED,
  /** Calls are denied at once, without reaching the PDP. */
  OPEN,
  /** A few probe calls go to the PDP to find out whether it is back. */
  HALF_OPEN
}
