package dev.arbiter.policy.parse;

import dev.arbiter.grammar.PolLexer;
import dev.arbiter.grammar.PolParser;
import dev.arbiter.policy.ast.Expr;
import dev.arbiter.policy.ast.PolicyFile;
import dev.arbiter.policy.ast.Span;
import dev.arbiter.policy.ast.TestFile;
import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.diagnostic.DiagnosticCode;
import dev.arbiter.policy.diagnostic.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.atn.Transition;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Parses {@code .pol} files, {@code .poltest} files and single expressions. Thread-safe; every call
 * is independent.
 *
 * <p>Limits: inputs longer than {@link #MAX_INPUT_CHARS} are refused before lexing ({@code E006});
 * expressions may nest {@link #MAX_NESTING} levels ({@code E007}). Parsing stops at the first
 * problem, so a result holds at most one error.
 */
public final class PolicyParser {
  /** The longest input accepted, in characters: 1 MiB. Bundles split larger policy sets. */
  public static final int MAX_INPUT_CHARS = 1 << 20;

  /** How deeply expressions may nest: brackets, operators, calls and records alike. */
  public static final int MAX_NESTING = 100;

  /**
   * How deeply the parser's rules may nest before the input is refused. Every nesting level of an
   * expression costs two to four rule calls, so this bound is only reached by input that the AST
   * builder would refuse anyway, and it keeps the recursive-descent parser far from the end of its
   * stack.
   */
  private static final int MAX_RULE_DEPTH = 5 * MAX_NESTING;

  private PolicyParser() {}

  /** Parses a {@code .pol} file: package, imports, schema, definitions, policy sets, policies. */
  public static ParseResult<PolicyFile> parsePolicyFile(String path, String text) {
    return parse(path, text, PolParser::standalonePolicyFile,
        (builder, tree) -> builder.policyFile((PolParser.StandalonePolicyFileContext) tree));
  }

  /** Parses a {@code .poltest} file: test cases. */
  public static ParseResult<TestFile> parseTestFile(String path, String text) {
    return parse(path, text, PolParser::standaloneTestFile,
        (builder, tree) -> builder.testFile((PolParser.StandaloneTestFileContext) tree));
  }

  /** Parses one expression, as used in a rule condition. */
  public static ParseResult<Expr> parseExpression(String path, String text) {
    return parse(path, text, PolParser::standaloneExpression,
        (builder, tree) -> builder.standaloneExpression((PolParser.StandaloneExpressionContext) tree));
  }

  private static <T> ParseResult<T> parse(
      String path,
      String text,
      Function<PolParser, ParserRuleContext> entry,
      BiFunction<AstBuilder, ParserRuleContext, T> build) {
    if (text.length() > MAX_INPUT_CHARS) {
      return failed(path, text, List.of(), Diagnostic.of(
          DiagnosticCode.INPUT_TOO_LARGE,
          SourceLocation.ofFile(path),
          "input is " + text.length() + " characters long; the limit is " + MAX_INPUT_CHARS
              + " (split the policies across several files)"));
    }
    PolLexer lexer = new PolLexer(CharStreams.fromString(text, path));
    lexer.removeErrorListeners();
    CommonTokenStream tokens = new CommonTokenStream(lexer);
    tokens.fill();
    List<Comment> comments = new ArrayList<>();
    for (Token token : tokens.getTokens()) {
      Optional<Diagnostic> lexical = lexicalProblem(path, token);
      if (lexical.isPresent()) {
        return failed(path, text, comments, lexical.get());
      }
      if (token.getType() == PolLexer.LINE_COMMENT || token.getType() == PolLexer.BLOCK_COMMENT) {
        comments.add(new Comment(tokenSpan(path, token), token.getText()));
      }
    }
    try {
      ParserRuleContext tree = parseTree(tokens, entry);
      return new ParseResult<>(path, text, Optional.of(build.apply(new AstBuilder(path), tree)), comments, List.of());
    } catch (ParseFailure failure) {
      return failed(path, text, comments, failure.diagnostic());
    }
  }

  private static <T> ParseResult<T> failed(
      String path, String text, List<Comment> comments, Diagnostic diagnostic) {
    return new ParseResult<>(path, text, Optional.empty(), comments, List.of(diagnostic));
  }

  /** SLL first, which decides almost every input; full LL only when SLL gives up. */
  private static ParserRuleContext parseTree(
      CommonTokenStream tokens, Function<PolParser, ParserRuleContext> entry) {
    DepthLimitedParser parser = new DepthLimitedParser(tokens);
    parser.removeErrorListeners();
    parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
    parser.setErrorHandler(new BailErrorStrategy());
    try {
      return entry.apply(parser);
    } catch (ParseCancellationException sllFailed) {
      tokens.seek(0);
      parser.reset();
      parser.getInterpreter().setPredictionMode(PredictionMode.LL);
      parser.setErrorHandler(new DefaultErrorStrategy());
      parser.addErrorListener(new ThrowingErrorListener(tokens.getSourceName()));
      return entry.apply(parser);
    }
  }

  private static Optional<Diagnostic> lexicalProblem(String path, Token token) {
    int type = token.getType();
    if (type != PolLexer.UNTERMINATED_STRING && type != PolLexer.UNTERMINATED_BLOCK_COMMENT
        && type != PolLexer.UNRECOGNIZED) {
      return Optional.empty();
    }
    SourceLocation at = tokenSpan(path, token).location();
    return switch (type) {
      case PolLexer.UNTERMINATED_STRING -> Optional.of(Diagnostic.of(
          DiagnosticCode.UNTERMINATED_STRING, SourceLocation.at(path, at.line(), at.column()),
          "unterminated string; expected a closing `\"` before the end of the line"));
      case PolLexer.UNTERMINATED_BLOCK_COMMENT -> Optional.of(Diagnostic.of(
          DiagnosticCode.UNTERMINATED_COMMENT, SourceLocation.at(path, at.line(), at.column()),
          "unterminated block comment; expected `*/` before the end of the input"));
      case PolLexer.UNRECOGNIZED -> Optional.of(Diagnostic.of(
          DiagnosticCode.UNEXPECTED_CHARACTER, at,
          "unexpected character " + describeCharacter(token.getText())
              + "; expected a name, a literal, an operator or a bracket"));
      default -> Optional.empty();
    };
  }

  private static String describeCharacter(String text) {
    int codePoint = text.codePointAt(0);
    int type = Character.getType(codePoint);
    if (Character.isISOControl(codePoint) || Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
        || type == Character.FORMAT || type == Character.SURROGATE || type == Character.PRIVATE_USE
        || !Character.isDefined(codePoint)) {
      return String.format("U+%04X", codePoint);
    }
    return "`" + text + "`";
  }

  static Span tokenSpan(String path, Token token) {
    String text = token.getType() == Token.EOF ? "" : token.getText();
    int endLine = token.getLine();
    int endColumn = token.getCharPositionInLine() + Math.max(1, text.length());
    int lastNewline = text.lastIndexOf('\n');
    if (lastNewline >= 0) {
      endLine += (int) text.chars().filter(c -> c == '\n').count();
      endColumn = Math.max(1, text.length() - lastNewline - 1);
    }
    return new Span(
        path,
        token.getStartIndex(),
        token.getStopIndex() + 1,
        token.getLine(),
        token.getCharPositionInLine() + 1,
        endLine,
        endColumn);
  }

  /** Turns ANTLR's first syntax error into an {@code E001} diagnostic and stops the parse. */
  private static final class ThrowingErrorListener extends BaseErrorListener {
    private final String path;

    ThrowingErrorListener(String path) {
      this.path = path;
    }

    @Override
    public void syntaxError(
        Recognizer<?, ?> recognizer,
        Object offendingSymbol,
        int line,
        int charPositionInLine,
        String antlrMessage,
        RecognitionException e) {
      Token offending = (Token) offendingSymbol;
      DepthLimitedParser parser = (DepthLimitedParser) recognizer;
      IntervalSet expectedTokens = new IntervalSet(parser.getExpectedTokens());
      expectedTokens.addAll(SyntaxMessages.withoutOperators(parser.expectedAfterLastToken()));
      String expected = SyntaxMessages.expected(expectedTokens, parser.getVocabulary());
      String found = offending.getType() == Token.EOF
          ? "end of input"
          : "`" + offending.getText() + "`";
      String message = "unexpected " + found + (expected.isEmpty() ? "" : "; expected " + expected)
          + (offending.getText().equals("=") ? "; to compare, write `==`" : "");
      throw new ParseFailure(Diagnostic.of(
          DiagnosticCode.SYNTAX_ERROR, tokenSpan(path, offending).location(), message));
    }
  }

  /**
   * Counts how deeply parser rules nest and refuses input beyond {@link #MAX_RULE_DEPTH}, before
   * the recursion could exhaust the stack.
   */
  private static final class DepthLimitedParser extends PolParser {
    private int depth;
    private int expressionDepth;
    private int lastState = -1;
    private int lastTokenType;
    private ParserRuleContext lastContext;

    DepthLimitedParser(TokenStream input) {
      super(input);
    }

    /** Remembers where the last token was matched, for {@link #expectedAfterLastToken}. */
    @Override
    public Token consume() {
      lastState = getState();
      lastTokenType = getCurrentToken().getType();
      lastContext = getContext();
      return super.consume();
    }

    /**
     * What could have followed the last matched token. ANTLR's own expected set is taken where the
     * error is noticed, which may be after optional parts were skipped (a rule's `when`, say).
     */
    IntervalSet expectedAfterLastToken() {
      IntervalSet expected = new IntervalSet();
      if (lastState < 0) {
        return expected;
      }
      ATNState state = getATN().states.get(lastState);
      for (int i = 0; i < state.getNumberOfTransitions(); i++) {
        Transition transition = state.transition(i);
        if (transition.matches(lastTokenType, Token.MIN_USER_TOKEN_TYPE, getATN().maxTokenType)) {
          expected.addAll(getATN().getExpectedTokens(transition.target.stateNumber, lastContext));
        }
      }
      return expected;
    }

    @Override
    public void enterRule(ParserRuleContext localctx, int state, int ruleIndex) {
      descend();
      super.enterRule(localctx, state, ruleIndex);
    }

    /** Only expressions recurse this way: their nesting is counted exactly as the AST builder counts it. */
    @Override
    public void enterRecursionRule(ParserRuleContext localctx, int state, int ruleIndex, int precedence) {
      descend();
      if (++expressionDepth > MAX_NESTING) {
        expressionDepth--;
        depth--;
        throw new ParseFailure(Diagnostic.of(
            DiagnosticCode.NESTING_TOO_DEEP,
            tokenSpan(getSourceName(), getCurrentToken()).location(),
            "expression nests deeper than the limit of " + MAX_NESTING + " levels"));
      }
      super.enterRecursionRule(localctx, state, ruleIndex, precedence);
    }

    @Override
    public void exitRule() {
      depth--;
      super.exitRule();
    }

    @Override
    public void unrollRecursionContexts(ParserRuleContext parentctx) {
      depth--;
      expressionDepth--;
      super.unrollRecursionContexts(parentctx);
    }

    @Override
    public void reset() {
      super.reset();
      depth = 0;
      expressionDepth = 0;
      lastState = -1;
      lastContext = null;
    }

    private void descend() {
      if (++depth > MAX_RULE_DEPTH) {
        depth--;
        throw new ParseFailure(Diagnostic.of(
            DiagnosticCode.NESTING_TOO_DEEP,
            tokenSpan(getSourceName(), getCurrentToken()).location(),
            "policy sets, records or types nest deeper than the parser's limit; flatten them"));
      }
    }
  }
}
