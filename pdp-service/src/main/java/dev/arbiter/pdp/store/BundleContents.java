package dev.arbiter.pdp.store;

import dev.arbiter.policy.ast.Policy;
import dev.arbiter.policy.ast.PolicyElement;
import dev.arbiter.policy.ast.PolicySet;
import dev.arbiter.policy.compile.CompiledBundle;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The policies of a compiled bundle by id (nested ones included), each with the text it was written
 * as, and how many policy sets hold them: what a revision's summary counts and its diff compares.
 */
public record BundleContents(SortedMap<String, PolicyText> policiesById, int policySets) {
  public BundleContents {
    policiesById = Collections.unmodifiableSortedMap(new TreeMap<>(policiesById));
  }

  /** A policy's id, where it was written and its text from {@code policy} to its closing brace. */
  public record PolicyText(String id, String file, int line, String text) {}

  public int policies() {
    return policiesById.size();
  }

  public static BundleContents of(CompiledBundle bundle) {
    Map<String, String> texts = bundle.source().source().texts();
    SortedMap<String, PolicyText> policies = new TreeMap<>();
    int sets = collect(bundle.source().elements(), texts, policies);
    return new BundleContents(policies, sets);
  }

  private static int collect(List<PolicyElement> elements, Map<String, String> texts,
      SortedMap<String, PolicyText> policies) {
    int sets = 0;
    for (PolicyElement element : elements) {
      switch (element) {
        case PolicySet set -> sets += 1 + collect(set.members(), texts, policies);
        case Policy policy -> {
          String file = policy.span().file();
          String text = texts.getOrDefault(file, "");
          int end = Math.min(policy.span().endOffset(), text.length());
          int start = Math.min(policy.span().startOffset(), end);
          policies.put(policy.id(), new PolicyText(policy.id(), file, policy.span().line(), text.substring(start, end)));
        }
      }
    }
    return sets;
  }
}
