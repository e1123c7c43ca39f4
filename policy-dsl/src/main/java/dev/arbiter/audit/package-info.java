/**
 * The tamper-evident audit trail's format, shared by the service that writes it and the command
 * line that verifies it: the {@linkplain dev.arbiter.audit.AuditEvent record of one decision}, its
 * {@linkplain dev.arbiter.audit.CanonicalJson canonical encoding}, the {@linkplain
 * dev.arbiter.audit.AuditChain hash chain}, and reading and verifying a chain kept {@linkplain
 * dev.arbiter.audit.AuditFile as JSON lines} or {@linkplain dev.arbiter.audit.AuditTable in
 * PostgreSQL}. Plain Java: no service, no driver.
 */
package dev.arbiter.audit;
