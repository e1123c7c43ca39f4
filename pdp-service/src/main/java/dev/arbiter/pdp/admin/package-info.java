/**
 * The bundle admin API ({@code /admin/v1}, role {@code policy-admin}): upload a bundle as a new
 * revision after checking and compiling it, list and show revisions, activate one on every replica,
 * roll back, diff two revisions per policy, and dry-run a revision against requests to see which
 * answers would change. Works on a {@link dev.arbiter.pdp.store.RevisionStore}; the read-only file
 * store answers 409.
 */
package dev.arbiter.pdp.admin;
