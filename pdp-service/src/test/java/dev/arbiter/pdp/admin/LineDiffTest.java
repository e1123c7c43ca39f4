package dev.arbiter.pdp.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The unified diff a revision diff shows for a changed policy. */
class LineDiffTest {
  @Test
  void anAddedLineComesWithThreeLinesOfContext() {
    String before = "a\nb\nc\nd\ne\nf\ng\n";
    String after = "a\nb\nc\nd\nX\ne\nf\ng\n";
    assertThat(LineDiff.unified(before, after)).hasValue("@@ -2,6 +2,7 @@\n b\n c\n d\n+X\n e\n f\n g\n");
  }

  @Test
  void aChangedLineIsARemovalAndAnAddition() {
    assertThat(LineDiff.unified("permit \"a\"\n", "deny \"a\"\n"))
        .hasValue("@@ -1,2 +1,2 @@\n-permit \"a\"\n+deny \"a\"\n \n");
  }

  @Test
  void distantChangesAreSeparateHunks() {
    String before = IntStream.range(0, 30).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
    String after = before.replace("line 2\n", "line two\n").replace("line 25\n", "line twenty-five\n");
    String diff = LineDiff.unified(before, after).orElseThrow();
    assertThat(diff.lines().filter(line -> line.startsWith("@@"))).containsExactly("@@ -1,6 +1,6 @@",
        "@@ -23,7 +23,7 @@");
    assertThat(diff).contains("-line 2\n+line two\n", "-line 25\n+line twenty-five\n");
  }

  @Test
  void equalTextsHaveAnEmptyDiff() {
    assertThat(LineDiff.unified("same\n", "same\n")).hasValue("");
  }

  @Test
  void textsTooLongToCompareGetNoDiff() {
    String before = IntStream.range(0, 2500).mapToObj(i -> "a" + i).collect(Collectors.joining("\n"));
    String after = IntStream.range(0, 2500).mapToObj(i -> "b" + i).collect(Collectors.joining("\n"));
    assertThat(LineDiff.unified(before, after)).isEmpty();
  }
}
