package dev.arbiter.policy.check;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What is known to hold where an expression is evaluated: attribute paths known present (from
 * {@code has}), entity paths narrowed to some types (from {@code is} or {@code x.type == "t"}), and
 * paths narrowed in contradictory ways, which make the code there dead. Paths are written {@code
 * context.task.id}. Immutable.
 */
record Facts(Set<String> present, Map<String, SortedSet<String>> narrowed, Set<String> contradicted) {
  static final Facts NONE = new Facts(Set.of(), Map.of(), Set.of());

  Facts {
    present = Set.copyOf(present);
    narrowed = Map.copyOf(narrowed);
    contradicted = Set.copyOf(contradicted);
  }

  static Facts present(String path) {
    return new Facts(Set.of(path), Map.of(), Set.of());
  }

  static Facts narrowed(String path, SortedSet<String> types) {
    return new Facts(Set.of(), Map.of(path, types), Set.of());
  }

  /** Both hold. */
  Facts and(Facts other) {
    if (other == NONE) {
      return this;
    }
    if (this == NONE) {
      return other;
    }
    Set<String> allPresent = new HashSet<>(present);
    allPresent.addAll(other.present);
    Map<String, SortedSet<String>> allNarrowed = new HashMap<>(narrowed);
    Set<String> allContradicted = new HashSet<>(contradicted);
    allContradicted.addAll(other.contradicted);
    other.narrowed.forEach((path, types) -> allNarrowed.merge(path, types, (a, b) -> {
      SortedSet<String> both = new TreeSet<>(a);
      both.retainAll(b);
      if (both.isEmpty()) {
        // dead code, already warned about; the latest fact reads best there
        allContradicted.add(path);
        return b;
      }
      return both;
    }));
    return new Facts(allPresent, allNarrowed, allContradicted);
  }

  /** One of them holds: only what both know. */
  Facts or(Facts other) {
    Set<String> common = new HashSet<>(present);
    common.retainAll(other.present);
    Map<String, SortedSet<String>> either = new HashMap<>();
    narrowed.forEach((path, types) -> {
      SortedSet<String> others = other.narrowed.get(path);
      if (others != null) {
        SortedSet<String> union = new TreeSet<>(types);
        union.addAll(others);
        either.put(path, union);
      }
    });
    Set<String> bothDead = new HashSet<>(contradicted);
    bothDead.retainAll(other.contradicted);
    return new Facts(common, either, bothDead);
  }
}
