/**
 * The security baseline: {@link dev.arbiter.pdp.baseline.Baseline#check()} judges the running
 * configuration — TLS, caller authentication, who holds the admin roles, the audit trail and its
 * masking, the active bundle's tool catalog, grant lifetimes, rate limits, well-known secrets,
 * request signing, where security events go — and answers a {@link
 * dev.arbiter.pdp.baseline.BaselineReport}: one {@link dev.arbiter.pdp.baseline.BaselineItem} per
 * check with a {@link dev.arbiter.pdp.baseline.Status} and a message that says what to change, and a
 * weighted score. {@code GET /admin/v1/baseline} serves it and {@code arbiter baseline} prints it for
 * CI. The checks only read configuration and the active revision: they change nothing and never
 * print a secret. docs/service.md#baseline describes every item and the scoring.
 */
package dev.arbiter.pdp.baseline;
