package dev.arbiter.policy.stdlib;

import dev.arbiter.policy.value.EvaluationError;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Lexical path normalization and fail-closed path checks for sandbox rules. They assume the worst of
 * the tool that will use the path: percent-encoded dots and separators are decoded (repeatedly, so
 * double encoding does not hide them), compatibility forms of Unicode are folded (a fullwidth
 * {@code ．} is a dot), a backslash is a separator, and {@code .} and {@code ..} are resolved. The
 * file system is never consulted.
 */
final class Paths {
  /**
   * Characters that NFKC leaves alone but that some platform reads as a separator or a dot: the
   * Windows "best fit" code pages turn the yen and won signs into backslashes, and a division or
   * fraction slash into a slash.
   */
  private static final String LOOKALIKES = "\u2215\u2044\u29f8\u2216\u29f5\u29f9\u00a5\u20a9\u3002\uff61";

  /** Absolute paths that are, or lead through, magic links to other files, processes or descriptors. */
  private static final List<String> MAGIC_LINKS =
      List.of("/proc", "/dev/fd", "/dev/stdin", "/dev/stdout", "/dev/stderr", "/dev/tcp", "/dev/udp");

  private static final Set<String> DEVICE_NAMES = Set.of("con", "prn", "aux", "nul", "conin$", "conout$",
      "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
      "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

  private Paths() {}

  static String normalize(String path) {
    String text = Encodings.folded(decodeSeparators(path)).replace('\\', '/');
    if (text.indexOf('\0') >= 0) {
      throw new EvaluationError("path contains a NUL character");
    }
    return resolve(text);
  }

  /** Whether {@code path} is {@code root} or below it; relative paths are never within a root. */
  static boolean within(String path, String root) {
    return inside(normalize(path), normalize(root));
  }

  /**
   * Why {@code path} is not safely inside {@code root}, or empty when it is: every form a tool may
   * read it in (as written, and after each round of percent-decoding, Unicode folded) resolves
   * below the root, and nothing about it is ambiguous.
   */
  static Optional<String> unsafe(String path, String root) {
    String normalizedRoot;
    try {
      normalizedRoot = normalize(root);
    } catch (EvaluationError e) {
      return Optional.of("the root " + e.getMessage());
    }
    if (!normalizedRoot.startsWith("/")) {
      return Optional.of("the root is not absolute");
    }
    List<String> forms;
    try {
      forms = forms(path);
    } catch (Encodings.Undecodable e) {
      return Optional.of("the path is " + e.getMessage());
    }
    for (String form : forms) {
      Optional<String> problem = ambiguity(form);
      if (problem.isPresent()) {
        return problem;
      }
      String normalized = resolve(form);
      if (!normalized.startsWith("/")) {
        return Optional.of("the path is relative, and the working directory of the tool is unknown");
      }
      if (magicLink(normalized)) {
        return Optional.of("the path goes through a magic link such as /proc/self/root or /dev/fd");
      }
      if (!inside(normalized, normalizedRoot)) {
        return Optional.of("the path resolves outside the root");
      }
    }
    return Optional.empty();
  }

  /**
   * Whether any form a tool may read {@code path} in has a {@code ..} segment, goes through a magic
   * link, names a network share, or cannot be read with confidence. Where it points otherwise is not
   * judged: {@code /etc/passwd} has no traversal.
   */
  static boolean hasTraversal(String path) {
    return Encodings.anyForm(path, folded -> {
      String form = folded.replace('\\', '/');
      return ambiguity(form).isPresent() || magicLink(resolve(form)) || hasDotDot(form);
    });
  }

  /** The path as written and after each round of full percent-decoding; folded, backslashes as slashes. */
  private static List<String> forms(String path) throws Encodings.Undecodable {
    return Encodings.decodings(path).stream().map(form -> Encodings.folded(form).replace('\\', '/')).toList();
  }

  /** What makes a path, already decoded and folded, impossible to resolve with confidence. */
  private static Optional<String> ambiguity(String form) {
    int control = Encodings.controlCharacter(form);
    if (control >= 0) {
      return Optional.of(control == 0 ? "the path contains a NUL character" : "the path contains a control character");
    }
    for (int i = 0; i < form.length(); i++) {
      char c = form.charAt(i);
      if (LOOKALIKES.indexOf(c) >= 0) {
        return Optional.of("the path contains `" + c + "`, which some platforms read as a separator or a dot");
      }
      if (Character.getType(c) == Character.FORMAT) {
        return Optional.of("the path contains an invisible formatting character");
      }
    }
    if (form.startsWith("//")) {
      return Optional.of("the path names a network share or device (`//` or `\\\\`)");
    }
    for (String segment : form.split("/", -1)) {
      // servers drop path parameters (`..;/` is `../` to Tomcat), Windows trailing dots and spaces
      String name = segment.indexOf(';') >= 0 ? segment.substring(0, segment.indexOf(';')) : segment;
      if (!name.isEmpty() && name.chars().allMatch(c -> c == '.' || c == ' ')
          && (!name.equals(segment) || !name.equals(".") && !name.equals(".."))) {
        return Optional.of("the path has a segment of dots and spaces, which servers and file systems disagree about");
      }
      if (segment.length() >= 2 && segment.charAt(1) == ':' && Character.isLetter(segment.charAt(0))) {
        return Optional.of("the path has a drive letter");
      }
      String base = segment.contains(".") ? segment.substring(0, segment.indexOf('.')) : segment;
      if (DEVICE_NAMES.contains(base.strip().toLowerCase(Locale.ROOT))) {
        return Optional.of("the path names a Windows device (`" + segment + "`)");
      }
    }
    return Optional.empty();
  }

  private static boolean hasDotDot(String form) {
    for (String segment : form.split("/", -1)) {
      if (segment.equals("..")) {
        return true;
      }
    }
    return false;
  }

  private static boolean magicLink(String normalized) {
    for (String prefix : MAGIC_LINKS) {
      if (inside(normalized, prefix)) {
        return true;
      }
    }
    return false;
  }

  private static boolean inside(String normalizedPath, String normalizedRoot) {
    if (!normalizedPath.startsWith("/") || !normalizedRoot.startsWith("/")) {
      return false;
    }
    if (normalizedRoot.equals("/")) {
      return true;
    }
    return normalizedPath.equals(normalizedRoot) || normalizedPath.startsWith(normalizedRoot + "/");
  }

  /** Drops empty and {@code .} segments and resolves {@code ..}, lexically. */
  private static String resolve(String text) {
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

  private static String decodeSeparators(String path) {
    try {
      List<String> forms = Encodings.decodings(path, Paths::decodeOnce);
      return forms.get(forms.size() - 1);
    } catch (Encodings.Undecodable e) {
      throw new EvaluationError("path is " + e.getMessage());
    }
  }

  /**
   * Decodes {@code %2e}, {@code %2f}, {@code %5c}, {@code %25} and {@code %00}, and the overlong
   * UTF-8 forms of the same characters ({@code %c0%ae} is a dot to a lenient decoder); leaves other
   * escapes.
   */
  private static String decodeOnce(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        int[] overlong = overlong(text, i);
        int decoded = overlong != null ? overlong[0] : escapedByte(text, i);
        if (decoded == '.' || decoded == '/' || decoded == '\\' || decoded == '%' || decoded == 0) {
          out.append((char) decoded);
          i += (overlong != null ? overlong[1] : 3) - 1;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  /**
   * An overlong UTF-8 encoding of an ASCII character at {@code i}, in two or three escaped bytes
   * ({@code %c0%ae}, {@code %e0%80%ae}): the character and the length of the escapes, or null.
   */
  private static int[] overlong(String text, int i) {
    int lead = escapedByte(text, i);
    if ((lead == 0xc0 || lead == 0xc1) && continuation(text, i + 3)) {
      return new int[] {((lead & 0x1f) << 6) | (escapedByte(text, i + 3) & 0x3f), 6};
    }
    if (lead == 0xe0 && continuation(text, i + 3) && escapedByte(text, i + 3) < 0xa0 && continuation(text, i + 6)) {
      int value = ((escapedByte(text, i + 3) & 0x3f) << 6) | (escapedByte(text, i + 6) & 0x3f);
      return value < 0x80 ? new int[] {value, 9} : null;
    }
    return null;
  }

  private static boolean continuation(String text, int i) {
    int b = escapedByte(text, i);
    return b >= 0x80 && b <= 0xbf;
  }

  /** The byte {@code %XX} at {@code i} stands for, or -1. */
  private static int escapedByte(String text, int i) {
    if (i + 2 >= text.length() || text.charAt(i) != '%') {
      return -1;
    }
    int high = Encodings.hex(text.charAt(i + 1));
    int low = Encodings.hex(text.charAt(i + 2));
    return high < 0 || low < 0 ? -1 : high * 16 + low;
  }
}
