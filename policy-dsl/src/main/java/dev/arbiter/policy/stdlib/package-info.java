/**
 * The language's built-in functions: for each, how the checker types a call and how the evaluator
 * runs it. Every function is pure, total over well-typed arguments (errors are {@link
 * dev.arbiter.policy.value.EvaluationError}s, never other exceptions) and runs in time linear in its
 * input: regular expressions use RE2/J, globs a two-pointer matcher. The input-attack predicates
 * (paths, SSRF targets, shell and SQL injection) judge every form a tool may read a value in
 * (percent-decoded round by round, Unicode folded), fail closed when a value cannot be read with
 * confidence, and do no I/O: no file system, no DNS.
 */
package dev.arbiter.policy.stdlib;
