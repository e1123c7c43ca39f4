package dev.arbiter.pdp.audit;

/** A decision's record could not be persisted, so under sync durability its answer must not leave. */
public final class AuditUnavailable extends RuntimeException {
  AuditUnavailable(String message) {
    super(message, null, false, false);
  }
}
