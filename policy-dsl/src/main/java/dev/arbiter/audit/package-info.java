/**
 * The tamper-evident audit trail's format, shared by the service that writes it and the command
 * line that verifies it: the {@linkplain dev.arbiter.audit.AuditEvent record of one decision} and
 * the {@linkplain dev.arbiter.audit.AuditNote records of other kinds} (grant and blocklist changes,
 * incident steps, security events; see {@link dev.arbiter.audit.RecordKind}), their {@linkplain
 * dev.arbiter.audit.CanonicalJson canonical encoding}, the {@linkplain dev.arbiter.audit.AuditChain
 * hash chain} they share, and reading and verifying a chain kept {@linkplain
 * dev.arbiter.audit.AuditFile as JSON lines} or {@linkplain dev.arbiter.audit.AuditTable in
 * PostgreSQL}. Plain Java: no service, no driver.
 */
package dev.arbiter.audit;
