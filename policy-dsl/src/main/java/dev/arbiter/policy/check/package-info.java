/**
 * Stage 2, check: resolves names, packages and imports across a bundle's files, builds the schema,
 * loads the data, type-checks every expression (with {@code has} and {@code is} narrowing), checks
 * obligations and tests, and runs the lints.
 *
 * <p>{@link dev.arbiter.policy.check.Checker#check} is the entry point. It never throws for bad
 * input: it returns a {@link dev.arbiter.policy.check.CheckResult} whose diagnostics say what is
 * wrong, and a {@link dev.arbiter.policy.check.CheckedBundle} when nothing is.
 */
package dev.arbiter.policy.check;
