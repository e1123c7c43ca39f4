package dev.arbiter.policy.ast;

import java.util.List;
import java.util.Optional;

/**
 * {@code expect permit obligation audit(level: "info") reason "admins"}: the decision as written
 * (the checker validates it) and what else the response must contain.
 */
public record Expectation(Span span, String decision, List<Detail> details) implements Node {
  public Expectation {
    Nodes.require(span, "span");
    Nodes.require(decision, "decision");
    details = Nodes.copy(details, "details");
  }

  /** Something the response must contain besides the decision. */
  public sealed interface Detail extends Node {}

  /**
   * An obligation or advice the response must carry; when arguments are given, each must match.
   */
  public record ExpectedDirective(
      Span span, DirectiveKind kind, String name, Optional<List<NamedArgument>> arguments)
      implements Detail {
    public ExpectedDirective {
      Nodes.require(span, "span");
      Nodes.require(kind, "kind");
      Nodes.require(name, "name");
      arguments = Nodes.require(arguments, "arguments").map(List::copyOf);
    }
  }

  /** A policy id ({@code "admins"}) or rule id ({@code "admins/allow"}) among the reasons. */
  public record ExpectedReason(Span span, String reason) implements Detail {
    public ExpectedReason {
      Nodes.require(span, "span");
      Nodes.require(reason, "reason");
    }
  }
}
