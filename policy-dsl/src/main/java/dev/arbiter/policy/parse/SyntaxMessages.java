package dev.arbiter.policy.parse;

import dev.arbiter.grammar.PolLexer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

/** Says what the parser expected in words a policy author reads, not as a token dump. */
final class SyntaxMessages {
  /** Tokens that can start an expression; when all may come next, "an expression" says it. */
  private static final Set<Integer> EXPRESSION_START = Set.of(
      PolLexer.TRUE, PolLexer.FALSE, PolLexer.INTEGER, PolLexer.STRING, PolLexer.NOT,
      PolLexer.IF, PolLexer.IDENTIFIER, PolLexer.SUBJECT, PolLexer.RESOURCE);

  /** Keywords that are also names: listing them beside "a name" says nothing new. */
  private static final Set<Integer> NON_RESERVED = Set.of(
      PolLexer.PACKAGE, PolLexer.IMPORT, PolLexer.AS, PolLexer.SCHEMA, PolLexer.ENTITY, PolLexer.DEF,
      PolLexer.POLICY, PolLexer.POLICYSET, PolLexer.COMBINE, PolLexer.TARGET, PolLexer.ON,
      PolLexer.OBLIGATION, PolLexer.ADVICE, PolLexer.TEST, PolLexer.EXPECT, PolLexer.REASON);

  /** Keywords that are names after a dot or as record keys. */
  private static final Set<Integer> ANY_NAME_KEYWORDS = Set.of(
      PolLexer.TRUE, PolLexer.FALSE, PolLexer.NOT, PolLexer.AND, PolLexer.OR, PolLexer.IN,
      PolLexer.HAS, PolLexer.IS, PolLexer.IF, PolLexer.THEN, PolLexer.ELSE, PolLexer.SUBJECT,
      PolLexer.ACTION, PolLexer.RESOURCE, PolLexer.CONTEXT, PolLexer.DATA, PolLexer.PERMIT,
      PolLexer.DENY, PolLexer.LET, PolLexer.WHEN);

  /**
   * Tokens that continue a complete operand. After an operand anything could follow, so listing
   * them would bury what was missing, such as a closing bracket.
   */
  private static final Set<String> OPERATOR_LITERALS = Set.of(
      "'.'", "'['", "'('", "'*'", "'+'", "'-'", "'..'", "'=='", "'!='", "'<'", "'<='", "'>'", "'>='", "'::'",
      "'in'", "'has'", "'is'", "'and'", "'or'");

  private static final int MAX_LISTED = 8;

  /** The set without the tokens that continue an operand. */
  static IntervalSet withoutOperators(IntervalSet tokens) {
    IntervalSet kept = new IntervalSet();
    for (int type : tokens.toList()) {
      String literal = dev.arbiter.grammar.PolLexer.VOCABULARY.getLiteralName(type);
      if (literal == null || !OPERATOR_LITERALS.contains(literal)) {
        kept.add(type);
      }
    }
    return kept;
  }

  private SyntaxMessages() {}

  /** "`)` or `,`", "an expression", "a name"; empty when nothing useful can be said. */
  static String expected(IntervalSet expected, Vocabulary vocabulary) {
    Set<Integer> types = new LinkedHashSet<>(expected.toList());
    Set<String> words = new LinkedHashSet<>();
    if (types.containsAll(EXPRESSION_START)) {
      types.removeAll(EXPRESSION_START);
      types.removeAll(NON_RESERVED);
      // any word may name an entity type in `type::"id"`, so every keyword can start an expression
      types.removeAll(ANY_NAME_KEYWORDS);
      types.removeAll(Set.of(PolLexer.DECIMAL, PolLexer.ACTION, PolLexer.CONTEXT, PolLexer.DATA,
          PolLexer.MINUS, literal(vocabulary, "'('"), literal(vocabulary, "'['"), literal(vocabulary, "'{'")));
      words.add("an expression");
    }
    if (types.contains(PolLexer.IDENTIFIER)) {
      types.removeAll(NON_RESERVED);
      if (types.containsAll(ANY_NAME_KEYWORDS)) {
        types.removeAll(ANY_NAME_KEYWORDS);
      }
    }
    for (int type : types) {
      describe(type, vocabulary).ifPresent(words::add);
    }
    List<String> list = new ArrayList<>(words);
    if (list.size() > MAX_LISTED) {
      list = new ArrayList<>(list.subList(0, MAX_LISTED));
      list.add("…");
    }
    return join(list);
  }

  private static java.util.Optional<String> describe(int type, Vocabulary vocabulary) {
    return java.util.Optional.ofNullable(switch (type) {
      case Token.EOF -> "end of input";
      case PolLexer.IDENTIFIER -> "a name";
      case PolLexer.STRING -> "a string";
      case PolLexer.INTEGER -> "an integer";
      case PolLexer.DECIMAL -> "a decimal";
      case PolLexer.UNTERMINATED_STRING, PolLexer.UNTERMINATED_BLOCK_COMMENT, PolLexer.UNRECOGNIZED,
          PolLexer.LINE_COMMENT, PolLexer.BLOCK_COMMENT, PolLexer.WS -> null;
      default -> {
        String literal = vocabulary.getLiteralName(type);
        yield literal == null ? null : "`" + literal.substring(1, literal.length() - 1) + "`";
      }
    });
  }

  private static int literal(Vocabulary vocabulary, String literal) {
    for (int type = 0; type <= vocabulary.getMaxTokenType(); type++) {
      if (literal.equals(vocabulary.getLiteralName(type))) {
        return type;
      }
    }
    throw new IllegalStateException("no token " + literal);
  }

  private static String join(List<String> words) {
    if (words.size() <= 1) {
      return words.isEmpty() ? "" : words.getFirst();
    }
    return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.getLast();
  }
}
