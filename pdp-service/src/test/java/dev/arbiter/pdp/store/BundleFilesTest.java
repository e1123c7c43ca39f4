package dev.arbiter.pdp.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an upload's file map may hold, and how its files reach the checker. */
class BundleFilesTest {
  @Test
  void theContentHashStartsWithTheRevisionTheCheckerComputes() {
    BundleFiles files = valid(Map.of("bundle.json", "{\"name\": \"x\"}", "a.pol", "package a\n",
        "data/tools.json", "{}", "tests/a.poltest", ""));
    assertThat(files.contentHash()).hasSize(64).startsWith(files.source().revision());
    assertThat(files.source().manifest()).isPresent();
    assertThat(files.source().policies()).extracting(text -> text.path()).containsExactly("a.pol");
    assertThat(files.source().data()).extracting(text -> text.path()).containsExactly("data/tools.json");
    assertThat(files.source().tests()).extracting(text -> text.path()).containsExactly("tests/a.poltest");
  }

  @Test
  void pathsAreRelativePlainAndOfAKnownKind() {
    for (String path : new String[] {"../a.pol", "/a.pol", "a/../b.pol", "./a.pol", ".hidden.pol", "a//b.pol",
        "a\\b.pol", "notes.txt", "a.pol/", "", "a b.pol", "examples/hello/bundle.json"}) {
      assertThat(BundleFiles.of(Map.of(path, ""))).as(path).isInstanceOf(BundleFiles.Refused.class);
    }
    assertThat(BundleFiles.of(Map.of())).isInstanceOf(BundleFiles.Refused.class);
    assertThat(((BundleFiles.Refused) BundleFiles.of(Map.of("notes.txt", ""))).message())
        .isEqualTo("`notes.txt`: a bundle holds `bundle.json`, `.pol`, `.poltest` and `.json` files");
  }

  @Test
  void aFileOverTheParsersLimitIsRefusedBeforeChecking() {
    assertThat(BundleFiles.of(Map.of("a.pol", "x".repeat((1 << 20) + 1)))).isInstanceOf(BundleFiles.Refused.class);
  }

  private static BundleFiles valid(Map<String, String> files) {
    return ((BundleFiles.Valid) BundleFiles.of(files)).files();
  }
}
