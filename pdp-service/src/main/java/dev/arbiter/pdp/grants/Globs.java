package dev.arbiter.pdp.grants;

/** Globs where {@code *} stands for any run of characters, {@code /} included, and nothing else is special. */
final class Globs {
  private Globs() {}

  static boolean matches(String glob, String text) {
    return matches(glob, 0, text, 0);
  }

  /** Whether every text {@code narrower} matches is matched by {@code wider} (decided conservatively). */
  static boolean covers(String wider, String narrower) {
    // A star in the narrower glob is read as a literal "*": wider must then match it with a star of its own.
    return matches(wider, narrower);
  }

  private static boolean matches(String glob, int g, String text, int t) {
    // Iterative with one backtrack point: linear in practice, no recursion on hostile input.
    int starGlob = -1;
    int starText = -1;
    while (t < text.length()) {
      if (g < glob.length() && glob.charAt(g) == '*') {
        starGlob = g++;
        starText = t;
      } else if (g < glob.length() && glob.charAt(g) == text.charAt(t)) {
        g++;
        t++;
      } else if (starGlob >= 0) {
        g = starGlob + 1;
        t = ++starText;
      } else {
        return false;
      }
    }
    while (g < glob.length() && glob.charAt(g) == '*') {
      g++;
    }
    return g == glob.length();
  }
}
