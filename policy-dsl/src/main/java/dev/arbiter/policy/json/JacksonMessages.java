package dev.arbiter.policy.json;

import com.fasterxml.jackson.core.JsonLocation;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites Jackson's parse errors in the project's words: what was found, what was expected, and
 * where; never Jackson's advice on its own features or an excerpt of its input source.
 */
final class JacksonMessages {
  private static final Pattern CHARACTER = Pattern.compile("Unexpected character \\('(.+?)' \\(code \\d+\\)\\)");
  private static final Pattern TOKEN = Pattern.compile("(?:Unrecognized|Non-standard) token '(.*?)'");
  private static final Pattern CLOSE_MARKER = Pattern.compile("Unexpected close marker '(.)': expected '(.)'");
  private static final Pattern START_MARKER =
      Pattern.compile("close marker for (Object|Array) \\(start marker at .*?line: (\\d+), column: (\\d+)", Pattern.DOTALL);
  private static final Pattern ESCAPE = Pattern.compile("Unrecognized character escape '(.+?)'");

  private JacksonMessages() {}

  static JsonReader.Failure failure(String jackson, JsonLocation at) {
    int line = JsonReader.line(at);
    int column = JsonReader.column(at);
    String message = jackson == null ? "" : jackson;
    Matcher m;
    if ((m = START_MARKER.matcher(message)).find()) {
      boolean object = m.group(1).equals("Object");
      return new JsonReader.Failure("unexpected end of input; expected `" + (object ? "}" : "]") + "` to close the "
          + (object ? "object" : "array") + " at " + m.group(2) + ":" + m.group(3), line, column);
    }
    if (message.contains("end-of-input")) {
      return new JsonReader.Failure("unexpected end of input"
          + (message.contains("VALUE_STRING") || message.contains("String value") ? " inside a string; expected a closing `\"`" : ""),
          line, column);
    }
    if (message.contains("ALLOW_COMMENTS") || message.contains("comment")) {
      return new JsonReader.Failure("unexpected `/`; JSON has no comments", line, column);
    }
    if ((m = TOKEN.matcher(message)).find()) {
      // Jackson points after the token; the token starts its length earlier
      return new JsonReader.Failure("unexpected `" + m.group(1) + "`; expected a JSON value", line,
          Math.max(1, column - m.group(1).length()));
    }
    if ((m = CLOSE_MARKER.matcher(message)).find()) {
      return new JsonReader.Failure("unexpected `" + m.group(1) + "`; expected `" + m.group(2) + "`", line, column);
    }
    if ((m = CHARACTER.matcher(message)).find()) {
      String found = "unexpected `" + m.group(1) + "`";
      String expected;
      if (message.contains("double-quote to start field name")) {
        expected = "a key in double quotes";
      } else if (message.contains("separate Object entries")) {
        expected = "`,` or `}`";
      } else if (message.contains("separate Array entries")) {
        expected = "`,` or `]`";
      } else if (message.contains("colon to separate field name")) {
        expected = "`:`";
      } else {
        expected = "a JSON value";
      }
      return new JsonReader.Failure(found + "; expected " + expected, line, column);
    }
    if ((m = ESCAPE.matcher(message)).find()) {
      return new JsonReader.Failure("invalid escape `\\" + m.group(1) + "` in a string", line, column);
    }
    if (message.contains("Illegal unquoted character")) {
      return new JsonReader.Failure("a control character in a string must be escaped, as in `\\n`", line, column);
    }
    if (message.contains("Leading zeroes")) {
      return new JsonReader.Failure("a number cannot have leading zeros", line, column);
    }
    String first = message.split("\n")[0].replaceAll(" \\(code \\d+\\)", "").replaceAll("\\s*\\[Source:.*", "").strip();
    return new JsonReader.Failure(first.isEmpty() ? "malformed JSON"
        : Character.toLowerCase(first.charAt(0)) + first.substring(1), line, column);
  }
}
