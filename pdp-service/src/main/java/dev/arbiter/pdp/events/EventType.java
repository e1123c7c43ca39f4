package dev.arbiter.pdp.events;

import java.util.Locale;
import java.util.Optional;

/** What happened, with the severity it has unless the publisher knows better. */
public enum EventType {
  /** Many denies for one subject in a short time: probing, or an agent gone astray. */
  DENY_BURST(Severity.HIGH),
  /** A call to a tool the bundle does not know, or an MCP method no mapping covers. */
  UNKNOWN_TOOL(Severity.MEDIUM),
  /** Repeated credentials or subject tokens that do not verify, from one source. */
  INVALID_TOKENS(Severity.HIGH),
  /** A signed request sent again, or with a timestamp outside the window. */
  REPLAY_ATTEMPT(Severity.CRITICAL),
  /** A request without the signature it needs, with a key nobody knows, or a signature that does not match. */
  SIGNATURE_FAILURE(Severity.HIGH),
  /** A request from a blocklisted subject, agent or address. */
  BLOCKLIST_HIT(Severity.HIGH),
  /** An attempt to grant more than the granting caller may, or longer than allowed. */
  GRANT_ESCALATION(Severity.CRITICAL),
  /** A new bundle revision decides requests now. */
  BUNDLE_ACTIVATION(Severity.LOW),
  /** Audit records were dropped because the audit queue was full. */
  AUDIT_OVERFLOW(Severity.HIGH);

  private final Severity severity;

  EventType(Severity severity) {
    this.severity = severity;
  }

  public Severity defaultSeverity() {
    return severity;
  }

  /** The name used in JSON, logs and metrics: {@code replay_attempt}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<EventType> ofCode(String code) {
    for (EventType type : values()) {
      if (type.code().equals(code)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
