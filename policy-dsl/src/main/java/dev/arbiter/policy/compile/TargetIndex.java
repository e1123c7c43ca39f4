package dev.arbiter.policy.compile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The members of a policy set a request may reach, found without looking at the others: a trie
 * (after OPA's rule index) whose levels branch on request values — first the key most members
 * constrain — with an "any" branch for members that do not constrain that key. A lookup follows the
 * request's value and the "any" branch at each level, so its cost depends on the keys, not on the
 * number of members. Immutable.
 */
final class TargetIndex {
  /** Below this many members a leaf lists them; a branch would cost more than it saves. */
  private static final int LEAF_SIZE = 4;

  private sealed interface Node permits Branch, Leaf {}

  private record Branch(Key key, Map<Object, Node> byValue, Node any) implements Node {}

  private record Leaf(int[] members) implements Node {}

  private final Node root;
  private final int memberCount;

  private TargetIndex(Node root, int memberCount) {
    this.root = root;
    this.memberCount = memberCount;
  }

  /** Builds the index of members {@code 0..n-1} from their constraints. */
  static TargetIndex build(List<Map<Key, Set<Object>>> constraints) {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < constraints.size(); i++) {
      // a member whose constraints cannot all hold never applies, and is left out
      if (constraints.get(i).values().stream().noneMatch(Set::isEmpty)) {
        all.add(i);
      }
    }
    return new TargetIndex(build(all, constraints, Set.of()), constraints.size());
  }

  private static Node build(List<Integer> members, List<Map<Key, Set<Object>>> constraints, Set<Key> used) {
    Key key = members.size() <= LEAF_SIZE ? null : mostConstrained(members, constraints, used);
    if (key == null) {
      int[] leaf = new int[members.size()];
      for (int i = 0; i < leaf.length; i++) {
        leaf[i] = members.get(i);
      }
      Arrays.sort(leaf);
      return new Leaf(leaf);
    }
    Map<Object, List<Integer>> byValue = new LinkedHashMap<>();
    List<Integer> free = new ArrayList<>();
    for (int member : members) {
      Set<Object> values = constraints.get(member).get(key);
      if (values == null) {
        free.add(member);
      } else if (key.membership()) {
        // the set must hold every required element; branching on one of them is enough
        byValue.computeIfAbsent(values.iterator().next(), v -> new ArrayList<>()).add(member);
      } else {
        for (Object value : values) {
          byValue.computeIfAbsent(value, v -> new ArrayList<>()).add(member);
        }
      }
    }
    Set<Key> deeper = new java.util.HashSet<>(used);
    deeper.add(key);
    Map<Object, Node> branches = new HashMap<>();
    byValue.forEach((value, list) -> branches.put(value, build(list, constraints, deeper)));
    return new Branch(key, branches, build(free, constraints, deeper));
  }

  private static Key mostConstrained(List<Integer> members, List<Map<Key, Set<Object>>> constraints, Set<Key> used) {
    Map<Key, Integer> counts = new HashMap<>();
    for (int member : members) {
      for (Key key : constraints.get(member).keySet()) {
        if (!used.contains(key)) {
          counts.merge(key, 1, Integer::sum);
        }
      }
    }
    return counts.entrySet().stream()
        .max(Comparator.<Map.Entry<Key, Integer>>comparingInt(Map.Entry::getValue)
            .thenComparing(e -> e.getKey().toString(), Comparator.reverseOrder()))
        .map(Map.Entry::getKey)
        .orElse(null);
  }

  /**
   * Pushes the request's candidates onto the frame, sorted and without duplicates, and answers how
   * many there are.
   */
  int collect(Frame frame) {
    int start = frame.candidateTop;
    collect(root, frame);
    int end = frame.candidateTop;
    if (end - start > 1) {
      sort(frame.candidates, start, end);
      int kept = start + 1;
      for (int i = start + 1; i < end; i++) {
        if (frame.candidates[i] != frame.candidates[kept - 1]) {
          frame.candidates[kept++] = frame.candidates[i];
        }
      }
      frame.candidateTop = kept;
    }
    return frame.candidateTop - start;
  }

  /** Candidates are few, usually a handful: insertion sort, and a library sort for many. */
  private static void sort(int[] values, int from, int to) {
    if (to - from > 32) {
      Arrays.sort(values, from, to);
      return;
    }
    for (int i = from + 1; i < to; i++) {
      int value = values[i];
      int j = i - 1;
      while (j >= from && values[j] > value) {
        values[j + 1] = values[j];
        j--;
      }
      values[j + 1] = value;
    }
  }

  private static void collect(Node node, Frame frame) {
    switch (node) {
      case Leaf leaf -> {
        for (int member : leaf.members()) {
          frame.pushCandidate(member);
        }
      }
      case Branch branch -> {
        Object value = branch.key().read(frame);
        if (branch.key().membership() && value instanceof Collection<?> elements) {
          for (Object element : elements) {
            Node next = branch.byValue().get(element);
            if (next != null) {
              collect(next, frame);
            }
          }
        } else if (!branch.key().membership() && value != null) {
          Node next = branch.byValue().get(value);
          if (next != null) {
            collect(next, frame);
          }
        } else {
          // no usable value: evaluating those members would fail, which must be seen, so keep them all
          for (Node next : branch.byValue().values()) {
            collect(next, frame);
          }
        }
        collect(branch.any(), frame);
      }
    }
  }

  int memberCount() {
    return memberCount;
  }

  /** The trie as Graphviz DOT statements, for {@code arbiter explain --dot}. */
  void dot(StringBuilder out, String prefix, List<String> memberNodes) {
    dot(root, out, prefix, new int[] {0}, memberNodes);
  }

  private static String dot(Node node, StringBuilder out, String prefix, int[] counter, List<String> memberNodes) {
    String id = prefix + "_" + counter[0]++;
    switch (node) {
      case Leaf leaf -> {
        out.append("  ").append(id).append(" [shape=point];\n");
        for (int member : leaf.members()) {
          out.append("  ").append(id).append(" -> ").append(memberNodes.get(member)).append(" [style=dashed];\n");
        }
      }
      case Branch branch -> {
        out.append("  ").append(id).append(" [shape=diamond, label=\"").append(Dot.escape(branch.key().toString())).append("\"];\n");
        branch.byValue().entrySet().stream()
            .sorted(Comparator.comparing(e -> String.valueOf(e.getKey())))
            .forEach(e -> {
              String child = dot(e.getValue(), out, prefix, counter, memberNodes);
              out.append("  ").append(id).append(" -> ").append(child)
                  .append(" [label=\"").append(Dot.escape(String.valueOf(e.getKey()))).append("\"];\n");
            });
        String any = dot(branch.any(), out, prefix, counter, memberNodes);
        out.append("  ").append(id).append(" -> ").append(any).append(" [label=\"any\", style=dotted];\n");
      }
    }
    return id;
  }
}
