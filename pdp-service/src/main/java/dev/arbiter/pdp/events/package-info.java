/**
 * Security events and incidents. Detectors across the service (signed requests, decisions, caller
 * authentication, the MCP endpoint, the bundle store) publish {@link dev.arbiter.pdp.events.SecurityEvent}s
 * with a severity from 1 (critical) to 4 (low); {@link dev.arbiter.pdp.events.SecurityEvents} logs them,
 * counts them, keeps the recent ones for {@code GET /admin/v1/events}, sends them to an optional
 * webhook, and opens an {@link dev.arbiter.pdp.events.Incident} for the severe ones, which people then
 * assign, work through and resolve.
 */
package dev.arbiter.pdp.events;
