package dev.arbiter.policy.diagnostic;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean" for names: the closest candidate within a small edit distance. */
public final class Suggestions {
  private Suggestions() {}

  /** The candidate closest to {@code name}, if one is within two edits (one for short names). */
  public static Optional<String> closest(String name, Collection<String> candidates) {
    int limit = name.length() <= 3 ? 1 : 2;
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(name.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
      if (distance < bestDistance || (distance == bestDistance && best != null && candidate.compareTo(best) < 0)) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return bestDistance <= limit ? Optional.of(best) : Optional.empty();
  }

  /** {@code "; did you mean `x`?"} or the empty string. */
  public static String didYouMean(String name, Collection<String> candidates) {
    return closest(name, candidates).map(s -> "; did you mean `" + s + "`?").orElse("");
  }

  private static int distance(String a, String b) {
    if (Math.abs(a.length() - b.length()) > 2) {
      return Integer.MAX_VALUE;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
