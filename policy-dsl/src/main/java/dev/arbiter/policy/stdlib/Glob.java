package dev.arbiter.policy.stdlib;

/**
 * Glob matching with {@code *} (any run of characters, {@code /} included) and {@code ?} (one
 * character). The two-pointer algorithm backtracks only to the last star, so it runs in O(n·m) at
 * worst and needs no regular expression.
 */
final class Glob {
  private Glob() {}

  static boolean matches(String textString, String patternString) {
    // by code point, as `size` counts: `?` is one character even outside the BMP
    int[] text = textString.codePoints().toArray();
    int[] pattern = patternString.codePoints().toArray();
    int t = 0;
    int p = 0;
    int starAt = -1;
    int textAtStar = 0;
    while (t < text.length) {
      if (p < pattern.length && (pattern[p] == '?' || pattern[p] == text[t])) {
        t++;
        p++;
      } else if (p < pattern.length && pattern[p] == '*') {
        starAt = p++;
        textAtStar = t;
      } else if (starAt >= 0) {
        p = starAt + 1;
        t = ++textAtStar;
      } else {
        return false;
      }
    }
    while (p < pattern.length && pattern[p] == '*') {
      p++;
    }
    return p == pattern.length;
  }
}
