/**
 * Blocklists and rate limits: checks the PDP makes before it asks the policies. A blocklisted
 * subject, agent or address, or a caller over its budget, is denied with a reason of its own
 * ({@code arbiter/blocklist}, {@code arbiter/rate-limit}) whatever the policies would say. Both
 * hold per replica; docs/service.md says what that means for a fleet.
 */
package dev.arbiter.pdp.limits;
