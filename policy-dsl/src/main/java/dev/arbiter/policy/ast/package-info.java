/**
 * The one abstract syntax tree of the {@code .pol} language, shared by every later stage.
 *
 * <p>Nodes are immutable records (lists are copied, nothing is null) grouped under sealed
 * interfaces, so a {@code switch} over them is checked for exhaustiveness. Every node carries a
 * {@link dev.arbiter.policy.ast.Span}; spans are excluded from equality, so two trees are equal when
 * they say the same thing, wherever it was written. ANTLR types never appear here: only the
 * package-private builder in {@code dev.arbiter.policy.parse} sees them.
 */
package dev.arbiter.policy.ast;
