package dev.arbiter.pdp.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A line diff of two texts in unified form ({@code @@ -a,b +c,d @@} hunks, lines prefixed with
 * {@code ' '}, {@code '-'} or {@code '+'}, three lines of context). Longest common subsequence after
 * the common head and tail are set aside; texts whose differing middles are too long get no diff.
 */
final class LineDiff {
  private static final int CONTEXT = 3;
  /** Beyond this many differing lines on each side the quadratic table is not worth it. */
  private static final int MAX_LINES = 2000;

  private LineDiff() {}

  /** The diff, or empty when the middles are too long to compare. */
  static Optional<String> unified(String before, String after) {
    String[] a = before.split("\n", -1);
    String[] b = after.split("\n", -1);
    int head = 0;
    while (head < a.length && head < b.length && a[head].equals(b[head])) {
      head++;
    }
    int tail = 0;
    while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail].equals(b[b.length - 1 - tail])) {
      tail++;
    }
    int n = a.length - head - tail;
    int m = b.length - head - tail;
    if (n > MAX_LINES || m > MAX_LINES) {
      return Optional.empty();
    }
    // lcs[i][j]: common lines of a[head+i..] and b[head+j..] within the middles
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] = a[head + i].equals(b[head + j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < head; i++) {
      lines.add(new Line(' ', a[i], i, i));
    }
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[head + i].equals(b[head + j])) {
        lines.add(new Line(' ', a[head + i], head + i, head + j));
        i++;
        j++;
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        // removals first, as diff tools print them
        lines.add(new Line('-', a[head + i], head + i, head + j));
        i++;
      } else {
        lines.add(new Line('+', b[head + j], head + i, head + j));
        j++;
      }
    }
    for (int k = 0; k < tail; k++) {
      lines.add(new Line(' ', a[head + n + k], head + n + k, head + m + k));
    }
    return Optional.of(hunks(lines));
  }

  /** One line of the diff and where it is in each text (0-based; for an added line, where it goes in the old). */
  private record Line(char mark, String text, int before, int after) {}

  private static String hunks(List<Line> lines) {
    StringBuilder out = new StringBuilder();
    int k = 0;
    while (k < lines.size()) {
      if (lines.get(k).mark() == ' ') {
        k++;
        continue;
      }
      int start = Math.max(0, k - CONTEXT);
      int end = k;
      // extend while the next change is within two contexts' reach
      int lastChange = k;
      while (end < lines.size() && end - lastChange <= 2 * CONTEXT) {
        if (lines.get(end).mark() != ' ') {
          lastChange = end;
        }
        end++;
      }
      end = Math.min(lines.size(), lastChange + CONTEXT + 1);
      List<Line> hunk = lines.subList(start, end);
      long oldCount = hunk.stream().filter(line -> line.mark() != '+').count();
      long newCount = hunk.stream().filter(line -> line.mark() != '-').count();
      out.append("@@ -").append(hunk.getFirst().before() + 1).append(',').append(oldCount)
          .append(" +").append(hunk.getFirst().after() + 1).append(',').append(newCount).append(" @@\n");
      for (Line line : hunk) {
        out.append(line.mark()).append(line.text()).append('\n');
      }
      k = end;
    }
    return out.toString();
  }
}
