package dev.arbiter.policy.ast;

import java.util.List;
import java.util.Objects;

/** Null checks and defensive copies for the compact constructors of the node records. */
final class Nodes {
  private Nodes() {}

  static <T> List<T> copy(List<T> list, String name) {
    return List.copyOf(Objects.requireNonNull(list, name));
  }

  static <T> T require(T value, String name) {
    return Objects.requireNonNull(value, name);
  }
}
