package dev.arbiter.policy.compile;

import java.util.ArrayList;
import java.util.List;

/** Renders a compiled bundle as a Graphviz digraph: sets, policies, rules, and each set's index. */
final class Dot {
  private final StringBuilder out = new StringBuilder();
  private int nodes;

  private Dot() {}

  static String render(String name, Element root) {
    Dot dot = new Dot();
    dot.out.append("digraph \"").append(escape(name)).append("\" {\n");
    dot.out.append("  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n");
    dot.element(root);
    dot.out.append("}\n");
    return dot.out.toString();
  }

  private String element(Element element) {
    String id = "n" + nodes++;
    String target = element.target == null ? "" : "\\ntarget: " + escape(element.target.describe());
    out.append("  ").append(id).append(" [shape=box, label=\"").append(escape(element.label())).append("\\n")
        .append(element.algorithm.keyword()).append(target).append("\"];\n");
    switch (element) {
      case Element.PolicySet set -> {
        List<String> members = new ArrayList<>();
        for (Element member : set.members) {
          members.add(element(member));
        }
        if (set.index != null) {
          set.index.dot(out, id + "_index", members);
          out.append("  ").append(id).append(" -> ").append(id).append("_index_0 [label=\"index\"];\n");
        } else {
          for (String member : members) {
            out.append("  ").append(id).append(" -> ").append(member).append(";\n");
          }
        }
      }
      case Element.Policy policy -> {
        for (Element.Rule rule : policy.rules) {
          String ruleId = "n" + nodes++;
          String condition = rule.condition == null ? "" : "\\nwhen " + escape(rule.condition.describe());
          out.append("  ").append(ruleId).append(" [shape=ellipse, label=\"").append(escape(rule.label()))
              .append(condition).append("\"];\n");
          out.append("  ").append(id).append(" -> ").append(ruleId).append(";\n");
        }
      }
    }
    return id;
  }

  static String escape(String text) {
    String shortened = text.length() > 120 ? text.substring(0, 117) + "..." : text;
    return shortened.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
  }
}
