package dev.arbiter.policy.stdlib;

import dev.arbiter.policy.value.EvaluationError;
import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Lexical path normalization for sandbox rules. It assumes the worst of the tool that will use the
 * path: percent-encoded dots and separators are decoded (repeatedly, so double encoding does not
 * hide them), compatibility forms of Unicode are folded (a fullwidth {@code ．} is a dot), a
 * backslash is a separator, and {@code .} and {@code ..} are resolved. A NUL character is an error.
 */
final class Paths {
  private static final int MAX_DECODING_ROUNDS = 4;

  private Paths() {}

  static String normalize(String path) {
    String decoded = decodeSeparators(path);
    // compatibility folding only matters beyond ASCII, and costs most of the time when applied
    String text = (isAscii(decoded) ? decoded : Normalizer.normalize(decoded, Normalizer.Form.NFKC)).replace('\\', '/');
    if (text.indexOf('\0') >= 0) {
      throw new EvaluationError("path contains a NUL character");
    }
    boolean absolute = text.startsWith("/");
    Deque<String> parts = new ArrayDeque<>();
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('/', start);
      if (end < 0) {
        end = text.length();
      }
      String part = text.substring(start, end);
      start = end + 1;
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
          parts.removeLast();
        } else if (!absolute) {
          parts.addLast("..");
        }
        // ".." above the root of an absolute path stays at the root
      } else {
        parts.addLast(part);
      }
    }
    String joined = String.join("/", parts);
    if (absolute) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code path} is {@code root} or below it; relative paths are never within a root. */
  static boolean within(String path, String root) {
    String normalizedPath = normalize(path);
    String normalizedRoot = normalize(root);
    if (!normalizedPath.startsWith("/") || !normalizedRoot.startsWith("/")) {
      return false;
    }
    if (normalizedRoot.equals("/")) {
      return true;
    }
    return normalizedPath.equals(normalizedRoot) || normalizedPath.startsWith(normalizedRoot + "/");
  }

  private static String decodeSeparators(String path) {
    String current = path;
    for (int round = 0; round < MAX_DECODING_ROUNDS && current.indexOf('%') >= 0; round++) {
      String decoded = decodeOnce(current);
      if (decoded.equals(current)) {
        return current;
      }
      current = decoded;
    }
    if (current.indexOf('%') >= 0 && !decodeOnce(current).equals(current)) {
      // still encoded after every round: whatever it hides is refused, not trusted as a name
      throw new EvaluationError("path is encoded more than " + MAX_DECODING_ROUNDS + " times over");
    }
    return current;
  }

  /** Decodes {@code %2e}, {@code %2f}, {@code %5c}, {@code %25} and {@code %00}; leaves other escapes. */
  private static String decodeOnce(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && i + 2 < text.length()) {
        String hex = text.substring(i + 1, i + 3).toLowerCase(Locale.ROOT);
        char decoded = switch (hex) {
          case "2e" -> '.';
          case "2f" -> '/';
          case "5c" -> '\\';
          case "25" -> '%';
          case "00" -> '\0';
          default -> 0xFFFF;
        };
        if (decoded != 0xFFFF) {
          out.append(decoded);
          i += 2;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }
}
