package dev.arbiter.audit;

import java.util.Locale;
import java.util.Optional;

/**
 * What an audit record is about. A record names its kind in its {@value #MEMBER} member, except a
 * decision: decision records have no {@code kind}, as every record had before there were other
 * kinds, so chains written then read the same now.
 */
public enum RecordKind {
  /** A decision: an evaluation, a batch item, an MCP authorization ({@link AuditEvent}). */
  DECISION,
  /** A task grant issued, revoked, or expired ({@link AuditNote}). */
  GRANT,
  /** A blocklist entry added or removed at runtime. */
  BLOCKLIST,
  /** An incident opened, assigned, given a response step, or resolved. */
  INCIDENT,
  /** A security event the service raised. */
  SECURITY_EVENT;

  /** The member that names a record's kind. */
  public static final String MEMBER = "kind";

  /** The name in records, searches and the database: {@code security_event}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind a code names, if any. */
  public static Optional<RecordKind> ofCode(String code) {
    for (RecordKind kind : values()) {
      if (kind.code().equals(code)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
