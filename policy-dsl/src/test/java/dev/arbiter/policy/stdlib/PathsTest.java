package dev.arbiter.policy.stdlib;

import static dev.arbiter.policy.stdlib.BuiltinCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code normalizePath}, {@code pathWithin}, {@code isSafePath} and {@code hasPathTraversal} against
 * the ways path traversal hides from a sandbox rule: dot segments, backslashes, percent-encoding
 * (once, twice, mixed case, overlong UTF-8), Unicode compatibility forms, sibling directories that
 * share a prefix, and NUL. The long list of attack strings is the corpus of {@link AttackCorpusTest}.
 */
class PathsTest {
  private static final String ROOT = "/workspace";

  static Stream<BuiltinCalls> normalizations() {
    return Stream.of(
        call("normalizePath", "/workspace/a/../b").returns("/workspace/b"),
        call("normalizePath", "/workspace/../etc/passwd").returns("/etc/passwd"),
        call("normalizePath", "/workspace//a///b/").returns("/workspace/a/b"),
        call("normalizePath", "/workspace/./a/.").returns("/workspace/a"),
        call("normalizePath", "/../../etc").returns("/etc"), // `..` stops at the root
        call("normalizePath", "/").returns("/"),
        call("normalizePath", "a/../../b").returns("../b"), // relative paths keep leading `..`
        call("normalizePath", "").returns("."),
        call("normalizePath", "./").returns("."),
        call("normalizePath", "/workspace/.../a").returns("/workspace/.../a"), // `...` is a name
        // backslashes and mixed separators
        call("normalizePath", "/workspace/..\\..\\etc").returns("/etc"),
        call("normalizePath", "\\workspace\\..\\etc").returns("/etc"),
        call("normalizePath", "/workspace/a\\../../etc").returns("/etc"),
        // percent-encoding, in any case, nested
        call("normalizePath", "/workspace/%2e%2e/etc").returns("/etc"),
        call("normalizePath", "/workspace/%2E%2E%2Fetc").returns("/etc"),
        call("normalizePath", "/workspace/..%2fetc").returns("/etc"),
        call("normalizePath", "/workspace/..%5c..%5Cetc").returns("/etc"),
        call("normalizePath", "/workspace/%252e%252e/etc").returns("/etc"),
        call("normalizePath", "/workspace/%25252e%25252e%25252fetc").returns("/etc"),
        call("normalizePath", "/workspace/.%2e/etc").returns("/etc"),
        call("normalizePath", "/workspace/%41b").returns("/workspace/%41b"), // other escapes stay
        call("normalizePath", "/workspace/a%").returns("/workspace/a%"),
        call("normalizePath", "/workspace/a%2").returns("/workspace/a%2"),
        // Unicode compatibility forms: fullwidth dot and solidus, two-dot leader
        call("normalizePath", "/workspace/．．/etc").returns("/etc"),
        call("normalizePath", "/workspace/．．／etc").returns("/etc"),
        call("normalizePath", "/workspace/\u2025/etc").returns("/etc"),
        call("normalizePath", "/workspace/＼..＼etc").returns("/etc"),
        // overlong UTF-8 forms of the dot, slash and backslash, which lenient decoders accept
        call("normalizePath", "/workspace/%c0%ae%c0%ae/etc").returns("/etc"),
        call("normalizePath", "/workspace/..%c0%afetc").returns("/etc"),
        call("normalizePath", "/workspace/..%C1%9Cetc").returns("/etc"),
        call("normalizePath", "/workspace/%e0%80%ae%e0%80%ae/etc").returns("/etc"),
        call("normalizePath", "/workspace/%25c0%25ae%25c0%25ae/etc").returns("/etc"),
        call("normalizePath", "/workspace/%c1%81").returns("/workspace/%c1%81"), // an overlong `A` is no separator
        call("normalizePath", "/workspace/%c0%41").returns("/workspace/%c0%41"), // not a continuation byte
        call("normalizePath", "/workspace/\u2024\u2024/etc").returns("/etc"), // one-dot leaders
        // NUL truncates paths in C; it is an error, however it is written
        call("normalizePath", "/workspace/a\u0000.txt").fails(),
        call("normalizePath", "/workspace/%00").fails(),
        call("normalizePath", "/workspace/%2500").fails());
  }

  static Stream<BuiltinCalls> containments() {
    return Stream.of(
        call("pathWithin", "/workspace/a.txt", ROOT).returns(true),
        call("pathWithin", "/workspace", ROOT).returns(true),
        call("pathWithin", "/workspace/", ROOT).returns(true),
        call("pathWithin", "/workspace/a", "/workspace/").returns(true),
        call("pathWithin", "//workspace//a", ROOT).returns(true),
        call("pathWithin", "/workspace/a/%2e%2e", ROOT).returns(true),
        call("pathWithin", "/workspace/.../etc", ROOT).returns(true),
        call("pathWithin", "/etc/passwd", "/").returns(true),
        // a sibling that shares the prefix
        call("pathWithin", "/workspace2/a", ROOT).returns(false),
        call("pathWithin", "/workspace2", ROOT).returns(false),
        call("pathWithin", "/workspace.bak/a", ROOT).returns(false),
        // traversal, however it is spelled
        call("pathWithin", "/workspace/../etc/passwd", ROOT).returns(false),
        call("pathWithin", "/workspace/a/../../etc", ROOT).returns(false),
        call("pathWithin", "/workspace/..", ROOT).returns(false),
        call("pathWithin", "/workspace/..\\etc", ROOT).returns(false),
        call("pathWithin", "/workspace\\..\\etc", ROOT).returns(false),
        call("pathWithin", "/workspace/%2e%2e/etc/passwd", ROOT).returns(false),
        call("pathWithin", "/workspace/%2e%2e%2f%2e%2e%2fetc", ROOT).returns(false),
        call("pathWithin", "/workspace/%252e%252e/etc", ROOT).returns(false),
        call("pathWithin", "/workspace/．．/etc", ROOT).returns(false),
        call("pathWithin", "/workspace/．．／etc", ROOT).returns(false),
        // case matters on the file systems sandboxes run on
        call("pathWithin", "/WORKSPACE/a", ROOT).returns(false),
        // relative paths and roots are never within anything
        call("pathWithin", "workspace/a", ROOT).returns(false),
        call("pathWithin", "../workspace/a", ROOT).returns(false),
        call("pathWithin", "", ROOT).returns(false),
        call("pathWithin", "/workspace/a", "workspace").returns(false),
        call("pathWithin", "/workspace/a", "").returns(false),
        call("pathWithin", "C:\\workspace\\a", ROOT).returns(false),
        call("pathWithin", "/workspace/a\u0000/../../etc", ROOT).fails(),
        call("pathWithin", "/workspace/a", "/workspace\u0000").fails());
  }

  /** A few rows each; the attack strings are in the corpus, {@link AttackCorpusTest}. */
  static Stream<BuiltinCalls> failClosed() {
    return Stream.of(
        call("isSafePath", "/workspace/a.txt", ROOT).returns(true),
        call("isSafePath", "/workspace/a/../b", ROOT).returns(true),
        call("isSafePath", "/workspace/%2e%2e/etc", ROOT).returns(false),
        call("isSafePath", "/workspace/a\u0000", ROOT).returns(false), // false, where pathWithin fails
        call("isSafePath", "/workspace/a", "workspace").returns(false),
        call("isSafePath", "/workspace/a", "/work\u0000space").returns(false),
        call("isSafePath", "/workspace/a", "/").returns(true),
        call("isSafePath", 1L, ROOT).fails(),
        call("hasPathTraversal", "a/../b").returns(true),
        call("hasPathTraversal", "%252e%252e/").returns(true),
        call("hasPathTraversal", "/etc/passwd").returns(false),
        call("hasPathTraversal", "a..b/c").returns(false));
  }

  static Stream<BuiltinCalls> rows() {
    return Stream.of(normalizations(), containments(), failClosed()).flatMap(s -> s);
  }

  /** Each way to be unsafe is caught by its own rule, not by the accident of another. */
  @ParameterizedTest(name = "{0} is unsafe: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      /workspace/../etc                 | resolves outside the root
      /workspace/%2e%2e/etc             | resolves outside the root
      /workspace/%c0%ae%c0%ae/etc       | not valid UTF-8
      /workspace/%u002e%u002e/etc       | `%u` escape
      /workspace/%252525252e/etc        | encoded more than 4 times over
      /workspace/..\u2215etc            | separator or a dot
      /workspace/\u3002\u3002/etc       | separator or a dot
      /workspace/.\u200b./etc           | invisible formatting character
      /workspace/a%0ab                  | control character
      /workspace/a%00                   | NUL
      //server/share/workspace          | network share
      /workspace/.../etc                | dots and spaces
      /workspace/..;/etc                | dots and spaces
      /workspace/C:x                    | drive letter
      /workspace/CON.txt                | Windows device
      workspace/a                       | relative
      /proc/self/root/workspace         | magic link
      """)
  void eachUnsafePathHasItsReason(String path, String reason) {
    assertThat(Paths.unsafe(path, ROOT)).get(InstanceOfAssertFactories.STRING).contains(reason);
  }

  @Test
  void magicLinksAreUnsafeBelowAnyRoot() {
    assertThat(Paths.unsafe("/proc/self/root/etc/passwd", "/")).get(InstanceOfAssertFactories.STRING).contains("magic link");
    assertThat(Paths.unsafe("/dev/fd/3", "/dev")).get(InstanceOfAssertFactories.STRING).contains("magic link");
    assertThat(Paths.unsafe("/dev/null", "/dev")).isEmpty();
  }

  /**
   * Checked against an independent reading: a safe path stays below the root however many times a
   * tool decodes it with {@link URLDecoder} (lenient: invalid UTF-8 becomes U+FFFD) and resolves
   * it with {@link java.nio.file.Path#normalize()}, backslashes and compatibility forms included.
   */
  @Property(tries = 3000)
  void aSafePathStaysBelowTheRootForALenientTool(@ForAll("hostilePaths") String path) {
    boolean safe = Paths.unsafe(path, ROOT).isEmpty();
    // not vacuous: a good share of the generated paths must be judged safe
    Statistics.collect(safe);
    Statistics.coverage(coverage -> coverage.check(true).percentage(share -> share >= 10));
    if (!safe) {
      return;
    }
    assertThat(Paths.within(path, ROOT)).as("pathWithin").isTrue();
    String form = path;
    for (int round = 0; round < 6; round++) {
      String folded = Normalizer.normalize(form, Normalizer.Form.NFKC).replace('\\', '/');
      assertThat(java.nio.file.Path.of(folded).normalize()).as(folded).startsWithRaw(java.nio.file.Path.of(ROOT));
      try {
        form = URLDecoder.decode(form, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException notDecodable) {
        return;
      }
    }
  }

  @Provide
  Arbitrary<String> hostilePaths() {
    return Arbitraries.of("..", ".", "/", "\\", "%2e", "%2f", "%5c", "%25", "%c0%ae", "%c0%af", "%ef%bc%8e", "\uff0e",
            "\u2025", "a", "workspace", ";", " ", "%41", "%")
        .list().ofMaxSize(12).map(pieces -> "/workspace/" + String.join("", pieces));
  }

  @ParameterizedTest
  @MethodSource("rows")
  void path(BuiltinCalls row) {
    row.verify();
  }

  @Test
  void pathsEncodedMoreTimesThanDecodedAreRefused() {
    // five layers of encoding: four rounds leave "%2e%2e", which a tool that decodes once more reads as ".."
    String fiveTimes = "/workspace/%252525252e%252525252e/etc";
    call("pathWithin", fiveTimes, ROOT).fails().verify();
  }
}
