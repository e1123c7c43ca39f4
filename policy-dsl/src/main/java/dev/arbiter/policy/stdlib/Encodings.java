package dev.arbiter.policy.stdlib;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The forms in which a tool may read an argument it receives: as written, and after each round of
 * percent-decoding it might apply. The input-attack predicates judge every form, because an
 * attacker encodes a payload exactly as many times as the tool decodes it.
 */
final class Encodings {
  /** Rounds of decoding tried; text still encoded after them cannot be read with confidence. */
  static final int MAX_ROUNDS = 4;

  private Encodings() {}

  /** Why a text cannot be decoded confidently; the predicates treat it as an attack (fail closed). */
  static final class Undecodable extends Exception {
    Undecodable(String reason) {
      super(reason, null, false, false);
    }
  }

  /** One round of decoding. */
  @FunctionalInterface
  interface Round {
    String decode(String text) throws Undecodable;
  }

  /**
   * The text, then the result of each round of percent-decoding ({@link #decodeOnce}) while a round
   * changes anything: at most {@link #MAX_ROUNDS} + 1 forms.
   *
   * @throws Undecodable when an escape sequence is not valid UTF-8 (an overlong {@code %c0%ae} for
   *     {@code .} included), is a {@code %u} escape, or the text is still encoded after every round
   */
  static List<String> decodings(String text) throws Undecodable {
    return decodings(text, Encodings::decodeOnce);
  }

  /** The text, then the result of each {@code round} while it changes anything, up to {@link #MAX_ROUNDS}. */
  static List<String> decodings(String text, Round round) throws Undecodable {
    List<String> forms = new ArrayList<>(2);
    forms.add(text);
    String current = text;
    for (int i = 0; i < MAX_ROUNDS && current.indexOf('%') >= 0; i++) {
      String decoded = round.decode(current);
      if (decoded.equals(current)) {
        return forms;
      }
      forms.add(decoded);
      current = decoded;
    }
    if (current.indexOf('%') >= 0 && !round.decode(current).equals(current)) {
      // still encoded after every round: whatever it hides is refused, not trusted
      throw new Undecodable("encoded more than " + MAX_ROUNDS + " times over");
    }
    return forms;
  }

  /**
   * Whether some form of {@code text}, {@linkplain #decodings decoded} and {@linkplain #folded
   * folded}, passes {@code test}; true when the text cannot be decoded (fail closed).
   */
  static boolean anyForm(String text, Predicate<String> test) {
    try {
      for (String form : decodings(text)) {
        if (test.test(folded(form))) {
          return true;
        }
      }
      return false;
    } catch (Undecodable e) {
      return true;
    }
  }

  /**
   * One round of percent-decoding: every {@code %XX} (in either case) becomes its byte, and each run
   * of such bytes is read as UTF-8, strictly. A {@code %} not followed by two hex digits stays.
   */
  static String decodeOnce(String text) throws Undecodable {
    int percent = text.indexOf('%');
    if (percent < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    out.append(text, 0, percent);
    byte[] run = new byte[text.length() / 3];
    int i = percent;
    while (i < text.length()) {
      int length = 0;
      while (i + 2 < text.length() && text.charAt(i) == '%' && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
        run[length++] = (byte) (hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
        i += 3;
      }
      if (length > 0) {
        out.append(utf8(run, length));
        continue;
      }
      char c = text.charAt(i);
      if (c == '%' && i + 5 < text.length() && (text.charAt(i + 1) == 'u' || text.charAt(i + 1) == 'U')
          && isHex(text, i + 2, 4)) {
        throw new Undecodable("`%u` escape, which some servers decode and others do not");
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  /**
   * Compatibility forms folded (NFKC: a fullwidth {@code ．} is a dot, a fullwidth {@code ；} a
   * semicolon) and, for ASCII text, the text itself: folding only matters beyond ASCII, where it
   * costs most of the time.
   */
  static String folded(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC);
      }
    }
    return text;
  }

  /** The first C0 control character or DEL in {@code text}, NUL included, or -1. */
  static int controlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return c;
      }
    }
    return -1;
  }

  private static String utf8(byte[] bytes, int length) throws Undecodable {
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, length));
      return chars.toString();
    } catch (CharacterCodingException e) {
      // overlong forms such as %c0%ae are malformed UTF-8, and lenient decoders read them as "."
      throw new Undecodable("escapes that are not valid UTF-8 (such as the overlong `%c0%ae`)");
    }
  }

  private static boolean isHex(String text, int from, int count) {
    for (int i = from; i < from + count; i++) {
      if (hex(text.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The value of an ASCII hex digit, or -1. */
  static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
