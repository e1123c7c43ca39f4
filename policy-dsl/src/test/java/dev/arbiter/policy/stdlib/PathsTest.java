package dev.arbiter.policy.stdlib;

import static dev.arbiter.policy.stdlib.BuiltinCalls.call;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code normalizePath} and {@code pathWithin} against the ways path traversal hides from a
 * sandbox rule: dot segments, backslashes, percent-encoding (once, twice, mixed case), Unicode
 * compatibility forms, sibling directories that share a prefix, and NUL.
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

  static Stream<BuiltinCalls> rows() {
    return Stream.concat(normalizations(), containments());
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
