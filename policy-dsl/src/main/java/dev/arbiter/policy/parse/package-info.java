/**
 * Stage 1, parse: text to {@link dev.arbiter.policy.ast} trees, with diagnostics instead of
 * exceptions.
 *
 * <p>{@link dev.arbiter.policy.parse.PolicyParser} is the only entry point. It rejects inputs over a
 * size limit before lexing, parses with ANTLR in SLL mode and falls back to full LL only when SLL
 * fails, never recovers from a syntax error, and bounds nesting so deep input yields {@code E007}
 * rather than a {@link java.lang.StackOverflowError}. The package-private AST builder is the only
 * code that sees ANTLR's generated types.
 */
package dev.arbiter.policy.parse;
