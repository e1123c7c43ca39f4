package dev.arbiter.policy.check;

import dev.arbiter.policy.ast.Definition;
import dev.arbiter.policy.ast.LetBinding;

/** What a name in an expression refers to, as the checker resolved it. */
public sealed interface Binding {
  /** A {@code let} of the enclosing rule, policy or policy set. */
  record Let(LetBinding let) implements Binding {}

  /** A {@code def} of a package: this file's own, or an imported one reached as {@code alias.name}. */
  record Def(String packageName, Definition definition) implements Binding {}
}
