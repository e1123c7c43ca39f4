package dev.arbiter.policy.decision;

import java.util.List;

/** What the evaluator did, step by step, for {@code arbiter explain} and test coverage. */
public record Trace(List<Step> steps) {
  public Trace {
    steps = List.copyOf(steps);
  }

  /** What a step is about. */
  public enum Kind {
    POLICY_SET("policyset"),
    POLICY("policy"),
    RULE("rule"),
    INDEX("index");

    private final String keyword;

    Kind(String keyword) {
      this.keyword = keyword;
    }

    public String keyword() {
      return keyword;
    }
  }

  /**
   * One step.
   *
   * @param depth nesting depth, 0 for the bundle's root
   * @param kind what was evaluated
   * @param id its id; a rule's is {@code policy/rule}
   * @param outcome what it came to
   * @param detail why, in a few words
   */
  public record Step(int depth, Kind kind, String id, String outcome, String detail) {}

  /** Indented lines, one per step, innermost first as evaluated. */
  public String render() {
    StringBuilder out = new StringBuilder();
    for (Step step : steps) {
      out.append("  ".repeat(step.depth())).append(step.kind().keyword());
      if (!step.id().isEmpty()) {
        out.append(" \"").append(step.id()).append('"');
      }
      out.append(": ").append(step.outcome());
      if (!step.detail().isEmpty()) {
        out.append(" (").append(step.detail()).append(')');
      }
      out.append('\n');
    }
    return out.toString();
  }
}
