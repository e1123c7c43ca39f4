/**
 * Task-scoped least privilege. An orchestrator grants a session (and optionally one task in it)
 * the few permissions the task needs, for a bounded time; the PDP tells policies whether a request
 * is covered by such a grant ({@code context.granted}), so a policy can require one. Grants expire
 * by themselves, can be revoked, and every change is announced so that enforcement points drop
 * decisions that relied on a grant within a second.
 *
 * <p>A permission is {@code action:resource[:argument]}, e.g.
 * {@code tools/call:read_file:/workspace/*}; see {@link dev.arbiter.pdp.grants.Permission}.
 */
package dev.arbiter.pdp.grants;
