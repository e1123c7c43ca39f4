/**
 * The audit trail: every decision, masked ({@code arbiter.audit.sensitive} and {@code redacted}),
 * is queued by the decision path and written by one writer thread in batches to a hash-chained sink
 * (a JSON-lines file, or PostgreSQL with {@code arbiter.store=postgres}); grant and blocklist
 * changes, incident steps and security events are noted in the same chain ({@link
 * dev.arbiter.pdp.audit.AuditTrail#note}), masked by the same configuration ({@link
 * dev.arbiter.pdp.audit.NoteMasking}). {@code GET /admin/v1/audit} searches it. The chain's format
 * is {@code dev.arbiter.audit}'s, which {@code arbiter audit verify} checks.
 * docs/service.md#audit-trail is the user's description.
 */
package dev.arbiter.pdp.audit;
