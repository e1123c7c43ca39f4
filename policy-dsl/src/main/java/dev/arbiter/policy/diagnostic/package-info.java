/**
 * Diagnostics: the values every stage of the pipeline returns for user errors and lints.
 *
 * <p>A {@link dev.arbiter.policy.diagnostic.Diagnostic} carries a stable {@link
 * dev.arbiter.policy.diagnostic.DiagnosticCode} ({@code E012}, {@code W001}), a severity, a
 * {@code file:line:col} location and a message that says what was expected. Stages never throw for
 * bad user input; they return diagnostics beside their result. Messages follow one style: lowercase,
 * no final period, user input in backticks.
 */
package dev.arbiter.policy.diagnostic;
