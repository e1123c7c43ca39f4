package dev.arbiter.policy.ast;

import java.util.List;

/** {@code obligation name(arg: expression, ...)} or the same with {@code advice}. */
public record Directive(Span span, DirectiveKind kind, String name, List<NamedArgument> arguments)
    implements Node {
  public Directive {
    Nodes.require(span, "span");
    Nodes.require(kind, "kind");
    Nodes.require(name, "name");
    arguments = Nodes.copy(arguments, "arguments");
  }
}
