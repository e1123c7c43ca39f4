package dev.arbiter.pdp.audit;

/**
 * Fired (as a CDI event) when audit records were dropped because the queue was full, so that the
 * security events can report it without the audit trail depending on them.
 *
 * @param dropped how many records were dropped since the last report
 * @param queueSize the queue's capacity
 */
public record AuditOverflow(long dropped, int queueSize) {}
