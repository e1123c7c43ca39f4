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
 * context.task.id}.
 *
 * <p>Facts are read-only for whoever receives them; {@link Accumulator} grows one copy along an
 * {@code and}/{@code or} chain instead of copying at every operand, which kept long chains linear.
 */
final class Facts {
  static final Facts NONE = new Facts(Set.of(), Map.of(), Set.of());

  private final Set<String> present;
  private final Map<String, SortedSet<String>> narrowed;
  private final Set<String> contradicted;

  private Facts(Set<String> present, Map<String, SortedSet<String>> narrowed, Set<String> contradicted) {
    this.present = present;
    this.narrowed = narrowed;
    this.contradicted = contradicted;
  }

  static Facts present(String path) {
    return new Facts(Set.of(path), Map.of(), Set.of());
  }

  static Facts narrowed(String path, SortedSet<String> types) {
    return new Facts(Set.of(), Map.of(path, types), Set.of());
  }

  Set<String> present() {
    return present;
  }

  Map<String, SortedSet<String>> narrowed() {
    return narrowed;
  }

  Set<String> contradicted() {
    return contradicted;
  }

  boolean isEmpty() {
    return present.isEmpty() && narrowed.isEmpty() && contradicted.isEmpty();
  }

  /** Both hold. */
  Facts and(Facts other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    return new Accumulator(this).and(other).view();
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

  /** A growing set of facts; {@link #view} shares, rather than copies, its contents. */
  static final class Accumulator {
    private final Set<String> present;
    private final Map<String, SortedSet<String>> narrowed;
    private final Set<String> contradicted;
    private final Facts view;

    Accumulator(Facts start) {
      present = new HashSet<>(start.present);
      narrowed = new HashMap<>(start.narrowed);
      contradicted = new HashSet<>(start.contradicted);
      view = new Facts(present, narrowed, contradicted);
    }

    Accumulator and(Facts other) {
      present.addAll(other.present);
      contradicted.addAll(other.contradicted);
      other.narrowed.forEach((path, types) -> narrowed.merge(path, types, (a, b) -> {
        SortedSet<String> both = new TreeSet<>(a);
        both.retainAll(b);
        if (both.isEmpty()) {
          // dead code, already warned about; the latest fact reads best there
          contradicted.add(path);
          return b;
        }
        return both;
      }));
      return this;
    }

    /** The facts so far; valid until the next {@link #and}, which callers never outlive. */
    Facts view() {
      return view;
    }
  }
}
