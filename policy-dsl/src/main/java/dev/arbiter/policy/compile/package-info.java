/**
 * Stages 3 and 4, compile and evaluate: a checked bundle becomes an immutable, thread-safe {@link
 * dev.arbiter.policy.compile.CompiledBundle}, which answers requests.
 *
 * <p>Compiling turns every expression into a tree of closures ({@code Code}) with constants folded,
 * constant sets pre-hashed and regular expressions compiled once (RE2/J), and every policy set's
 * members into a trie keyed on the request values their targets test for equality or membership
 * (action name, resource and subject type and id, roles, …), so a request reaches only the members
 * that may apply however many there are. Evaluating walks that structure with a per-thread frame
 * that is reused, so a decision allocates little beyond its result.
 *
 * <p>Semantics: {@code and} is false when any operand is false, even if another fails, and {@code
 * or} true when any is true; this makes operand order irrelevant, which the index relies on. Any
 * other error makes the enclosing rule indeterminate, and no combining algorithm turns an
 * indeterminate into a permit.
 */
package dev.arbiter.policy.compile;
