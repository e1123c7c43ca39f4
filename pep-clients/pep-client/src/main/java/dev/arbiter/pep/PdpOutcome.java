package dev.arbiter.pep;

/** The PDP's own verdict, before the enforcement point looks at obligations. */
public enum PdpOutcome {
  /** A policy permits. */
  PERMIT,
  /** A policy denies. */
  DENY,
  /** No policy applies; enforced as a deny. */
  NOT_APPLICABLE,
  /** A policy could not be evaluated; enforced as a deny. */
  INDETERMINATE
}
