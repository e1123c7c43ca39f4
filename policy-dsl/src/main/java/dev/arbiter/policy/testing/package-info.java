/**
 * Runs a bundle's {@code .poltest} tests against its compiled form and measures rule coverage: the
 * share of rules whose condition held in at least one test.
 */
package dev.arbiter.policy.testing;
