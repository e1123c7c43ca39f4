package dev.arbiter.policy.stdlib;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;

/**
 * Markers of command and SQL injection in a value a tool will put into a command line or a query.
 * Every form of the value a tool may read is examined: as written, after each round of
 * percent-decoding, and with Unicode compatibility forms folded. A value whose encoding cannot be
 * read with confidence is flagged (fail closed). The SQL markers are heuristics for values, not a
 * parser: free text can trip them, and a query written by the caller is not a value.
 */
final class Injection {
  /** Between SQL tokens: white space, {@code +} (a space once form-decoded) or an inline comment. */
  private static final String GAP = "(?:[\\s+]|/\\*.*?\\*/)";

  /** An operand of a tautology: a number, a quoted string (its closing quote may be the query's), a name. */
  private static final String OPERAND = "(?:'[^']*'?|\"[^\"]*\"?|[0-9]+(?:\\.[0-9]+)?|[a-z_][a-z0-9_]*)";

  private static final List<Pattern> SQL_MARKERS = List.of(
      // a quote closed early and followed by a comment or a statement separator: admin'--, x'; , 1')#
      Pattern.compile("['\"`]" + GAP + "*\\)*" + GAP + "*(?:--|#|/\\*|;)"),
      // a comparison of two constants after OR / AND: ' OR 1=1, " or ""=", ' or 'a'='a, and 2>1
      Pattern.compile("(?:\\b(?:or|and|xor)" + GAP + "+|(?:\\|\\||&&)" + GAP + "*)(?:not" + GAP + "+)?\\(*"
          + "(?:'[^']*'|\"[^\"]*\"|[0-9]+(?:\\.[0-9]+)?)" + GAP + "*(?:=|<>|!=|<=>|<|>|\\blike\\b)" + GAP + "*" + OPERAND),
      // a quote closed early, then OR / AND with a constant true on its own: ' or 1--, ' or true
      Pattern.compile("['\"`]" + GAP + "*\\)*" + GAP + "*(?:or" + GAP + "+|and" + GAP + "+|\\|\\|" + GAP + "*)"
          + "(?:true|[0-9]+|'[^']+')" + GAP + "*(?:--|#|/\\*|;|$)"),
      // UNION SELECT, whatever separates them
      Pattern.compile("\\bunion(?:" + GAP + "|\\()+(?:(?:all|distinct)" + GAP + "+)?\\(*select\\b"),
      // a second statement after a separator
      Pattern.compile(";" + GAP + "*(?:select\\b.*\\bfrom\\b|insert" + GAP + "+into\\b|update" + GAP + "+\\S+" + GAP
          + "+set\\b|delete" + GAP + "+from\\b|drop" + GAP + "+(?:table|database|schema|view|user|index)\\b|alter"
          + GAP + "+(?:table|database|user)\\b|create" + GAP + "+(?:table|database|user|function|procedure)\\b"
          + "|truncate\\b|exec(?:ute)?\\b|declare" + GAP + "+@|grant\\b|revoke\\b|shutdown\\b|waitfor\\b)"),
      // an inline comment, or MySQL's executable comment
      Pattern.compile("/\\*.*?\\*/|/\\*!"),
      // a trailing comment after a number or a parenthesis: 1 OR 1=1 --, id=1)--
      Pattern.compile("(?:[0-9]|\\))" + GAP + "*--[\\s+-]*$"),
      // functions injected for timing, files and commands
      Pattern.compile("\\b(?:sleep|benchmark)" + GAP + "*\\(" + GAP + "*[0-9]|\\bpg_sleep" + GAP + "*\\("
          + "|\\bwaitfor" + GAP + "+(?:delay|time)\\b|\\b(?:load_file|updatexml|extractvalue|xp_cmdshell|sp_executesql)"
          + GAP + "*\\(|\\binto" + GAP + "+(?:out|dump)file\\b|\\binformation_schema\\b|@@version\\b"));

  private Injection() {}

  /**
   * Whether a value put into a POSIX shell command line could do more than be one argument:
   * {@code ;}, {@code |}, {@code &}, a backtick, {@code $} before anything but white space or the
   * end (command substitution, parameter expansion), {@code <} and {@code >} (redirection), line
   * breaks, and NUL.
   */
  static boolean hasShellMetacharacters(String text) {
    return Encodings.anyForm(text, Injection::shellMetacharacter);
  }

  /** Whether a value shows a marker of SQL injection (see {@link #SQL_MARKERS}). */
  static boolean hasSqlInjection(String text) {
    return Encodings.anyForm(text, form -> sqlMarker(form.toLowerCase(Locale.ROOT)));
  }

  private static boolean shellMetacharacter(String form) {
    for (int i = 0; i < form.length(); i++) {
      switch (form.charAt(i)) {
        case ';', '|', '&', '`', '<', '>', '\n', '\r', '\0' -> {
          return true;
        }
        case '$' -> {
          if (i + 1 < form.length() && !Character.isWhitespace(form.charAt(i + 1))) {
            return true;
          }
        }
        default -> {}
      }
    }
    return false;
  }

  private static boolean sqlMarker(String form) {
    for (Pattern marker : SQL_MARKERS) {
      if (marker.matcher(form).find()) {
        return true;
      }
    }
    return false;
  }
}
