package dev.arbiter.policy.parse;

import dev.arbiter.grammar.PolParser;
import dev.arbiter.grammar.PolParser.*;
import dev.arbiter.policy.ast.*;
import dev.arbiter.policy.ast.Expr.*;
import dev.arbiter.policy.ast.SchemaMember.*;
import dev.arbiter.policy.ast.TestRequestPart.*;
import dev.arbiter.policy.ast.TypeExpr.*;
import dev.arbiter.policy.diagnostic.DiagnosticCode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * Turns a parse tree into the AST. The only class that sees ANTLR's generated types. Problems the
 * grammar cannot express (a bad escape, an integer that does not fit, nesting beyond the limit)
 * stop the build with a {@link ParseFailure}.
 */
final class AstBuilder {
  private final String file;
  private int expressionDepth;

  AstBuilder(String file) {
    this.file = file;
  }

  // ---------------------------------------------------------------- files

  PolicyFile policyFile(StandalonePolicyFileContext ctx) {
    return new PolicyFile(
        span(ctx),
        qualifiedName(ctx.packageDeclaration().qualifiedName()),
        ctx.importDeclaration().stream().map(this::importDeclaration).toList(),
        ctx.declaration().stream().map(this::declaration).toList());
  }

  TestFile testFile(StandaloneTestFileContext ctx) {
    return new TestFile(span(ctx), ctx.testCase().stream().map(this::testCase).toList());
  }

  Expr standaloneExpression(StandaloneExpressionContext ctx) {
    return expression(ctx.expression());
  }

  private Import importDeclaration(ImportDeclarationContext ctx) {
    return new Import(
        span(ctx),
        qualifiedName(ctx.qualifiedName()),
        Optional.ofNullable(ctx.alias).map(this::identifier));
  }

  private QualifiedName qualifiedName(QualifiedNameContext ctx) {
    return new QualifiedName(span(ctx), ctx.identifier().stream().map(this::identifier).toList());
  }

  private Declaration declaration(DeclarationContext ctx) {
    return switch (ctx) {
      case SchemaDeclarationAlternativeContext c -> schema(c.schemaDeclaration());
      case DefinitionAlternativeContext c -> definition(c.definition());
      case PolicySetAlternativeContext c -> policySet(c.policySet());
      case PolicyAlternativeContext c -> policy(c.policy());
      default -> throw unexpected(ctx);
    };
  }

  // ---------------------------------------------------------------- schema

  private SchemaDeclaration schema(SchemaDeclarationContext ctx) {
    return new SchemaDeclaration(
        span(ctx), ctx.schemaMember().stream().map(this::schemaMember).toList());
  }

  private SchemaMember schemaMember(SchemaMemberContext ctx) {
    return switch (ctx) {
      case EntityTypeMemberContext c ->
          new EntityTypeDeclaration(
              span(c),
              switch (c.role.getType()) {
                case PolParser.SUBJECT -> EntityRole.SUBJECT;
                case PolParser.RESOURCE -> EntityRole.RESOURCE;
                default -> EntityRole.ENTITY;
              },
              anyName(c.name),
              c.parentTypes() == null
                  ? List.of()
                  : c.parentTypes().anyName().stream().map(this::anyName).toList(),
              Optional.ofNullable(c.body).map(this::recordType));
      case ActionNamesMemberContext c ->
          new ActionNamesDeclaration(span(c), c.STRING().stream().map(t -> string(t.getSymbol())).toList());
      case ActionPropertiesMemberContext c ->
          new ActionPropertiesDeclaration(span(c), recordType(c.body));
      case ContextMemberContext c -> new ContextDeclaration(span(c), recordType(c.body));
      case DataMemberContext c -> new DataDeclaration(span(c), anyName(c.name), type(c.type()));
      case DirectiveMemberContext c ->
          new DirectiveDeclaration(
              span(c),
              directiveKind(c.kind),
              anyName(c.name),
              c.parameter().stream()
                  .map(p -> new AttributeDeclaration(span(p), anyName(p.name), p.optional != null, type(p.type())))
                  .toList());
      default -> throw unexpected(ctx);
    };
  }

  private RecordTypeExpr recordType(RecordTypeContext ctx) {
    return new RecordTypeExpr(
        span(ctx),
        ctx.attributeDeclaration().stream()
            .map(
                a ->
                    new AttributeDeclaration(
                        span(a), attributeName(a.name), a.optional != null, type(a.type())))
            .toList());
  }

  private TypeExpr type(TypeContext ctx) {
    return switch (ctx) {
      case RecordTypeAlternativeContext c -> recordType(c.recordType());
      case NamedTypeContext c ->
          new NamedTypeExpr(span(c), anyName(c.name), Optional.ofNullable(c.argument).map(this::type));
      default -> throw unexpected(ctx);
    };
  }

  // ---------------------------------------------------------------- policies

  private Definition definition(DefinitionContext ctx) {
    return new Definition(span(ctx), identifier(ctx.name), expression(ctx.expression()));
  }

  private PolicySet policySet(PolicySetContext ctx) {
    return new PolicySet(
        span(ctx),
        annotations(ctx.annotation()),
        string(ctx.id),
        combining(ctx.combining()),
        target(ctx.target()),
        lets(ctx.letBinding()),
        effectDirectives(ctx.effectDirective()),
        ctx.policySetMember().stream()
            .map(
                m ->
                    switch (m) {
                      case NestedPolicySetContext c -> (PolicyElement) policySet(c.policySet());
                      case NestedPolicyContext c -> policy(c.policy());
                      default -> throw unexpected(m);
                    })
            .toList());
  }

  private Policy policy(PolicyContext ctx) {
    return new Policy(
        span(ctx),
        annotations(ctx.annotation()),
        string(ctx.id),
        combining(ctx.combining()),
        target(ctx.target()),
        lets(ctx.letBinding()),
        effectDirectives(ctx.effectDirective()),
        ctx.policyRule().stream().map(this::rule).toList());
  }

  private Optional<Combining> combining(CombiningContext ctx) {
    if (ctx == null) {
      return Optional.empty();
    }
    String name =
        String.join("-", ctx.algorithmWord().stream().map(ParserRuleContext::getText).toList());
    return Optional.of(new Combining(span(ctx), name));
  }

  private Optional<Expr> target(TargetContext ctx) {
    return Optional.ofNullable(ctx).map(t -> expression(t.expression()));
  }

  private List<LetBinding> lets(List<LetBindingContext> lets) {
    return lets.stream()
        .map(l -> new LetBinding(span(l), identifier(l.name), expression(l.expression())))
        .toList();
  }

  private List<EffectDirective> effectDirectives(List<EffectDirectiveContext> directives) {
    return directives.stream()
        .map(d -> new EffectDirective(span(d), effect(d.effect()), directive(d.directive())))
        .toList();
  }

  private Rule rule(PolicyRuleContext ctx) {
    // from the effect, not the annotations: what a message about the rule points at, and the line
    // the formatter prints it on
    return new Rule(
        span(ctx.effect().getStart(), ctx.getStop()),
        annotations(ctx.annotation()),
        effect(ctx.effect()),
        Optional.ofNullable(ctx.id).map(this::string),
        lets(ctx.letBinding()),
        Optional.ofNullable(ctx.condition).map(this::expression),
        ctx.directive().stream().map(this::directive).toList());
  }

  private static Effect effect(EffectContext ctx) {
    return ctx.PERMIT() != null ? Effect.PERMIT : Effect.DENY;
  }

  private Directive directive(DirectiveContext ctx) {
    return new Directive(
        span(ctx), directiveKind(ctx.kind), anyName(ctx.name), namedArguments(ctx.namedArgument()));
  }

  private static DirectiveKind directiveKind(Token kind) {
    return kind.getType() == PolParser.OBLIGATION ? DirectiveKind.OBLIGATION : DirectiveKind.ADVICE;
  }

  private List<NamedArgument> namedArguments(List<NamedArgumentContext> arguments) {
    return arguments.stream()
        .map(a -> new NamedArgument(span(a), anyName(a.name), expression(a.expression())))
        .toList();
  }

  private List<Annotation> annotations(List<AnnotationContext> annotations) {
    return annotations.stream()
        .map(a -> new Annotation(span(a), anyName(a.name), string(a.value)))
        .toList();
  }

  // ---------------------------------------------------------------- tests

  private TestCase testCase(TestCaseContext ctx) {
    return new TestCase(
        span(ctx),
        annotations(ctx.annotation()),
        string(ctx.name),
        ctx.testRequestPart().stream().map(this::testRequestPart).toList(),
        expectation(ctx.expectation()));
  }

  private TestRequestPart testRequestPart(TestRequestPartContext ctx) {
    return switch (ctx) {
      case TestSubjectContext c ->
          new TestEntity(
              span(c), EntityRole.SUBJECT, anyName(c.entityType), string(c.id), recordLiteral(c.recordLiteral()));
      case TestResourceContext c ->
          new TestEntity(
              span(c), EntityRole.RESOURCE, anyName(c.entityType), string(c.id), recordLiteral(c.recordLiteral()));
      case TestActionContext c ->
          new TestAction(span(c), string(c.name), recordLiteral(c.recordLiteral()));
      case TestContextContext c ->
          new TestContext(span(c), recordLiteral(c.recordLiteral()).orElseThrow());
      default -> throw unexpected(ctx);
    };
  }

  private Optional<RecordLiteral> recordLiteral(RecordLiteralContext ctx) {
    return Optional.ofNullable(ctx).map(this::record);
  }

  private Expectation expectation(ExpectationContext ctx) {
    List<Expectation.Detail> details = new ArrayList<>();
    for (ExpectationDetailContext detail : ctx.expectationDetail()) {
      details.add(
          switch (detail) {
            case ExpectedDirectiveContext c ->
                new Expectation.ExpectedDirective(
                    span(c),
                    directiveKind(c.kind),
                    anyName(c.name),
                    // kind, name, and then "(" ... ")" when arguments are listed
                    c.getChildCount() > 2
                        ? Optional.of(namedArguments(c.namedArgument()))
                        : Optional.empty());
            case ExpectedReasonContext c -> new Expectation.ExpectedReason(span(c), string(c.STRING().getSymbol()));
            default -> throw unexpected(detail);
          });
    }
    return new Expectation(span(ctx), ctx.decision.getText(), details);
  }

  // ---------------------------------------------------------------- expressions

  private Expr expression(ExpressionContext ctx) {
    if (++expressionDepth > PolicyParser.MAX_NESTING) {
      throw new ParseFailure(
          DiagnosticCode.NESTING_TOO_DEEP,
          span(ctx),
          "expression nests deeper than the limit of " + PolicyParser.MAX_NESTING + " levels");
    }
    try {
      return switch (ctx) {
        case PrimaryExpressionContext c -> primary(c.primary());
        case MethodCallContext c -> {
          List<Expr> arguments = new ArrayList<>();
          arguments.add(expression(c.base));
          arguments.addAll(arguments(c.arguments()));
          yield new Call(span(c), anyName(c.name), arguments, true);
        }
        case MemberAccessContext c -> new MemberAccess(span(c), expression(c.base), anyName(c.name));
        case IndexAccessContext c -> new IndexAccess(span(c), expression(c.base), expression(c.index));
        case NegationContext c -> negation(c);
        case MultiplicativeContext c -> binary(c, BinaryOperator.MULTIPLY, c.left, c.right);
        case AdditiveContext c ->
            binary(
                c,
                c.operator.getType() == PolParser.PLUS ? BinaryOperator.ADD : BinaryOperator.SUBTRACT,
                c.left,
                c.right);
        case RangeContext c -> binary(c, BinaryOperator.RANGE, c.left, c.right);
        case ComparisonContext c -> binary(c, comparison(c.operator), c.left, c.right);
        case MembershipContext c -> binary(c, BinaryOperator.IN, c.left, c.right);
        case HasAttributeContext c -> new Has(span(c), expression(c.base), attributeName(c.name));
        case IsTypeContext c -> new Is(span(c), expression(c.base), anyName(c.entityType));
        case LogicalNotContext c -> new Unary(span(c), UnaryOperator.NOT, expression(c.operand));
        case LogicalAndContext c -> logicalChain(c, LogicalOperator.AND);
        case LogicalOrContext c -> logicalChain(c, LogicalOperator.OR);
        case ConditionalContext c ->
            new Conditional(
                span(c), expression(c.condition), expression(c.thenBranch), expression(c.elseBranch));
        default -> throw unexpected(ctx);
      };
    } finally {
      expressionDepth--;
    }
  }

  /**
   * Folds {@code -literal} into a negative literal so that {@code -9223372036854775808} fits, and
   * keeps other negations as operators.
   */
  private Expr negation(NegationContext ctx) {
    if (ctx.operand instanceof PrimaryExpressionContext p
        && p.primary() instanceof LiteralPrimaryContext l) {
      if (l.literal() instanceof IntegerLiteralContext i) {
        return new IntLiteral(span(ctx), integer(i.INTEGER().getSymbol(), true, span(ctx)));
      }
      if (l.literal() instanceof DecimalLiteralContext d) {
        return new DecimalLiteral(span(ctx), new BigDecimal(d.getText()).negate());
      }
    }
    return new Unary(span(ctx), UnaryOperator.NEGATE, expression(ctx.operand));
  }

  private Binary binary(
      ExpressionContext ctx, BinaryOperator operator, ExpressionContext left, ExpressionContext right) {
    return new Binary(span(ctx), operator, expression(left), expression(right));
  }

  private static BinaryOperator comparison(Token operator) {
    return switch (operator.getType()) {
      case PolParser.EQ -> BinaryOperator.EQUAL;
      case PolParser.NEQ -> BinaryOperator.NOT_EQUAL;
      case PolParser.LT -> BinaryOperator.LESS;
      case PolParser.LTE -> BinaryOperator.LESS_OR_EQUAL;
      case PolParser.GT -> BinaryOperator.GREATER;
      case PolParser.GTE -> BinaryOperator.GREATER_OR_EQUAL;
      default -> throw new IllegalStateException("not a comparison: " + operator.getText());
    };
  }

  /**
   * {@code a and b and c} parses left-deep; walking down the left spine iteratively keeps long
   * chains from costing stack depth.
   */
  private Expr logicalChain(ExpressionContext ctx, LogicalOperator operator) {
    List<ExpressionContext> operands = new ArrayList<>();
    ExpressionContext current = ctx;
    while (true) {
      if (operator == LogicalOperator.AND && current instanceof LogicalAndContext c) {
        operands.add(c.right);
        current = c.left;
      } else if (operator == LogicalOperator.OR && current instanceof LogicalOrContext c) {
        operands.add(c.right);
        current = c.left;
      } else {
        operands.add(current);
        break;
      }
    }
    List<Expr> built = new ArrayList<>(operands.size());
    for (int i = operands.size() - 1; i >= 0; i--) {
      built.add(expression(operands.get(i)));
    }
    return new Logical(span(ctx), operator, built);
  }

  private Expr primary(PrimaryContext ctx) {
    return switch (ctx) {
      case LiteralPrimaryContext c -> literal(c.literal());
      case ParenthesizedContext c -> expression(c.expression());
      case SetLiteralContext c -> new SetLiteral(span(c), c.expression().stream().map(this::expression).toList());
      case RecordPrimaryContext c -> record(c.recordLiteral());
      case EntityReferenceContext c -> new EntityLiteral(span(c), anyName(c.entityType), string(c.id));
      case FunctionCallContext c -> new Call(span(c), identifier(c.function), arguments(c.arguments()), false);
      case RootReferenceContext c ->
          new RootRef(
              span(c),
              switch (c.root.getType()) {
                case PolParser.SUBJECT -> Root.SUBJECT;
                case PolParser.ACTION -> Root.ACTION;
                case PolParser.RESOURCE -> Root.RESOURCE;
                case PolParser.CONTEXT -> Root.CONTEXT;
                default -> Root.DATA;
              });
      case NameReferenceContext c -> new NameRef(span(c), identifier(c.name));
      default -> throw unexpected(ctx);
    };
  }

  private RecordLiteral record(RecordLiteralContext ctx) {
    return new RecordLiteral(
        span(ctx),
        ctx.recordEntry().stream()
            .map(e -> new RecordEntry(span(e), attributeName(e.key), expression(e.value)))
            .toList());
  }

  private List<Expr> arguments(ArgumentsContext ctx) {
    return ctx == null ? List.of() : ctx.expression().stream().map(this::expression).toList();
  }

  private Literal literal(LiteralContext ctx) {
    return switch (ctx) {
      case TrueLiteralContext c -> new BoolLiteral(span(c), true);
      case FalseLiteralContext c -> new BoolLiteral(span(c), false);
      case IntegerLiteralContext c -> new IntLiteral(span(c), integer(c.INTEGER().getSymbol(), false, span(c)));
      case DecimalLiteralContext c -> new DecimalLiteral(span(c), new BigDecimal(c.getText()));
      case StringLiteralContext c -> new StringLiteral(span(c), string(c.STRING().getSymbol()));
      default -> throw unexpected(ctx);
    };
  }

  private static long integer(Token digits, boolean negative, Span span) {
    try {
      return Long.parseLong((negative ? "-" : "") + digits.getText());
    } catch (NumberFormatException e) {
      throw new ParseFailure(
          DiagnosticCode.NUMBER_OUT_OF_RANGE,
          span,
          "integer `" + (negative ? "-" : "") + digits.getText()
              + "` does not fit in 64 bits; integers range from "
              + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
    }
  }

  // ---------------------------------------------------------------- names and strings

  private String identifier(IdentifierContext ctx) {
    return ctx.getText();
  }

  private String anyName(AnyNameContext ctx) {
    return ctx.getText();
  }

  private String attributeName(AttributeNameContext ctx) {
    return ctx.STRING() != null ? string(ctx.STRING().getSymbol()) : ctx.getText();
  }

  /** Decodes a string token, reporting the first invalid escape at its exact column. */
  private String string(Token token) {
    String text = token.getText();
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 1; i < text.length() - 1; i++) {
      char c = text.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char escaped = text.charAt(++i);
      switch (escaped) {
        case '"' -> out.append('"');
        case '\\' -> out.append('\\');
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'u' -> {
          int codePoint = unicodeEscape(text, i, token);
          out.appendCodePoint(codePoint);
          i += 4; // the four hex digits; the loop steps past the last one
        }
        default ->
            throw new ParseFailure(
                DiagnosticCode.INVALID_ESCAPE,
                charSpan(token, i - 1, 2),
                "invalid escape `\\" + escaped + "`; expected one of `\\\"`, `\\\\`, `\\n`, `\\t`, `\\r` or `\\uXXXX`");
      }
    }
    String decoded = out.toString();
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      boolean paired = Character.isHighSurrogate(c)
          ? i + 1 < decoded.length() && Character.isLowSurrogate(decoded.charAt(++i))
          : !Character.isLowSurrogate(c);
      if (!paired) {
        throw new ParseFailure(DiagnosticCode.INVALID_ESCAPE, charSpan(token, 0, 1),
            "string holds half of a surrogate pair; write the character itself, or both halves as `\\uD83D\\uDE00`");
      }
    }
    return decoded;
  }

  private int unicodeEscape(String text, int u, Token token) {
    if (u + 4 <= text.length() - 2) {
      String hex = text.substring(u + 1, u + 5);
      if (hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
        return Integer.parseInt(hex, 16);
      }
    }
    throw new ParseFailure(
        DiagnosticCode.INVALID_ESCAPE,
        charSpan(token, u - 1, 2),
        "invalid escape `\\u`; expected four hexadecimal digits, as in `\\u00e9`");
  }

  // ---------------------------------------------------------------- spans

  private Span span(ParserRuleContext ctx) {
    return span(ctx.getStart(), ctx.getStop());
  }

  private Span span(Token start, Token stop) {
    if (stop == null || stop.getType() == Token.EOF || stop.getStopIndex() < start.getStartIndex()) {
      stop = start;
    }
    // the stop token's length from its indexes: getText() would copy it out of the input
    return new Span(
        file,
        start.getStartIndex(),
        stop.getStopIndex() + 1,
        start.getLine(),
        start.getCharPositionInLine() + 1,
        stop.getLine(),
        stop.getCharPositionInLine() + Math.max(1, stop.getStopIndex() - stop.getStartIndex() + 1));
  }

  private Span charSpan(Token token, int offsetInToken, int length) {
    int column = token.getCharPositionInLine() + 1 + offsetInToken;
    int start = token.getStartIndex() + offsetInToken;
    return new Span(file, start, start + length, token.getLine(), column, token.getLine(), column + length - 1);
  }

  private static IllegalStateException unexpected(ParserRuleContext ctx) {
    return new IllegalStateException("the AST builder does not know " + ctx.getClass().getSimpleName());
  }
}
