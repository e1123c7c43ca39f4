package dev.arbiter.policy.format;

import dev.arbiter.policy.ast.Annotation;
import dev.arbiter.policy.ast.AttributeDeclaration;
import dev.arbiter.policy.ast.BinaryOperator;
import dev.arbiter.policy.ast.Combining;
import dev.arbiter.policy.ast.CombiningAlgorithm;
import dev.arbiter.policy.ast.Declaration;
import dev.arbiter.policy.ast.Definition;
import dev.arbiter.policy.ast.Directive;
import dev.arbiter.policy.ast.DirectiveKind;
import dev.arbiter.policy.ast.Effect;
import dev.arbiter.policy.ast.EffectDirective;
import dev.arbiter.policy.ast.EntityRole;
import dev.arbiter.policy.ast.Expectation;
import dev.arbiter.policy.ast.Expr;
import dev.arbiter.policy.ast.Expr.*;
import dev.arbiter.policy.ast.Import;
import dev.arbiter.policy.ast.LetBinding;
import dev.arbiter.policy.ast.LogicalOperator;
import dev.arbiter.policy.ast.NamedArgument;
import dev.arbiter.policy.ast.Policy;
import dev.arbiter.policy.ast.PolicyElement;
import dev.arbiter.policy.ast.PolicyFile;
import dev.arbiter.policy.ast.PolicySet;
import dev.arbiter.policy.ast.QualifiedName;
import dev.arbiter.policy.ast.Root;
import dev.arbiter.policy.ast.Rule;
import dev.arbiter.policy.ast.SchemaDeclaration;
import dev.arbiter.policy.ast.SchemaMember;
import dev.arbiter.policy.ast.Span;
import dev.arbiter.policy.ast.TestCase;
import dev.arbiter.policy.ast.TestFile;
import dev.arbiter.policy.ast.TestRequestPart;
import dev.arbiter.policy.ast.TypeExpr;
import dev.arbiter.policy.ast.TypeExpr.NamedTypeExpr;
import dev.arbiter.policy.ast.TypeExpr.RecordTypeExpr;
import dev.arbiter.policy.ast.UnaryOperator;
import dev.arbiter.policy.value.Values;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random ASTs that the parser could have produced: every node type and operator, names that the
 * grammar reads back as the same kind of name, and only what the node constructors accept.
 *
 * <p>Which names go where follows {@code Pol.g4}: an {@code identifier} (a reference, a function,
 * a {@code def} or {@code let}, a package part) is any word but the reserved keywords of {@link
 * ExpressionPrinter#RESERVED}; an {@code anyName} (after {@code .}, a type, an annotation, an
 * obligation or argument name) is any word; an {@code attributeName} (a record key, {@code has}) is
 * any string, quoted when it is not a word.
 *
 * <p>A generator is built with a {@link Names} pool so that the fuzzer can bias it towards the
 * shipped schema's names (which reach deeper into the checker) while the formatter properties use
 * random words.
 */
public final class AstArbitraries {
  private static final Span SPAN = Span.synthetic();

  /** Keywords that the grammar also accepts as identifiers ({@code nonReserved} in Pol.g4). */
  public static final List<String> NON_RESERVED = List.of(
      "package", "import", "as", "schema", "entity", "def", "policy", "policyset",
      "combine", "target", "on", "obligation", "advice", "test", "expect", "reason");

  /** Where names come from; each pool must only produce strings valid in its position. */
  public record Names(
      Arbitrary<String> identifiers,
      Arbitrary<String> anyNames,
      Arbitrary<String> strings,
      Arbitrary<String> functions) {

    /** Random words, keywords in every position the grammar allows them, and strings with escapes. */
    public static Names random() {
      Arbitrary<String> identifiers = AstArbitraries.identifiers();
      Arbitrary<String> anyNames = Arbitraries.frequencyOf(
          Tuple.of(4, identifiers),
          Tuple.of(1, Arbitraries.of(ExpressionPrinter.RESERVED.stream().sorted().toList())));
      return new Names(identifiers, anyNames, AstArbitraries.strings(), identifiers);
    }

    /** Words from {@code pool} most of the time, random ones otherwise. */
    public Names biasedTowards(List<String> identifierPool, List<String> anyNamePool, List<String> stringPool,
        List<String> functionPool) {
      return new Names(
          Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(identifierPool)), Tuple.of(1, identifiers)),
          Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(anyNamePool)), Tuple.of(1, anyNames)),
          Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(stringPool)), Tuple.of(1, strings)),
          Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(functionPool)), Tuple.of(1, functions)));
    }
  }

  private final Names names;
  private final int maxDepth;
  private final List<Arbitrary<Expr>> byDepth = new ArrayList<>();

  /** Expressions nest at most {@code maxDepth} levels below the root. */
  public AstArbitraries(Names names, int maxDepth) {
    this.names = names;
    this.maxDepth = maxDepth;
    for (int depth = 0; depth <= maxDepth; depth++) {
      Arbitrary<Expr> level = depth == 0 ? leaf() : inner(byDepth.get(depth - 1));
      // jqwik hashes arbitraries structurally to memoize their generators; every level uses the one
      // below a dozen times, so the hash would walk each path of the graph, exponential in depth.
      // A lazy arbitrary hashes by identity and cuts that walk.
      byDepth.add(Arbitraries.lazy(() -> level));
    }
  }

  // ---------------------------------------------------------------- names and literals

  /** A word the grammar reads as an {@code identifier}: never a reserved keyword. */
  public static Arbitrary<String> identifiers() {
    Arbitrary<String> words = Combinators.combine(
            Arbitraries.chars().with('_').range('a', 'z').range('A', 'Z'),
            Arbitraries.strings().withChars('_').withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .ofMaxLength(8))
        .as((first, rest) -> first + rest)
        .filter(word -> !ExpressionPrinter.RESERVED.contains(word));
    return Arbitraries.frequencyOf(Tuple.of(5, words), Tuple.of(1, Arbitraries.of(NON_RESERVED)));
  }

  /**
   * Strings with every escape, control characters and characters beyond the BMP. Lone surrogates
   * are not text: the language refuses them ({@code E004}), so they are left out here.
   */
  public static Arbitrary<String> strings() {
    return anyStrings().filter(AstArbitraries::isWellFormed);
  }

  private static boolean isWellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static Arbitrary<String> anyStrings() {
    Arbitrary<Character> interesting = Arbitraries.of(
        '"', '\\', '\n', '\t', '\r', '\0', '\u001f', '\u007f', 'é', '中', '\u2028', '\uFEFF', '\uFF0E',
        '\uD83D', '\uDE00', '/', '%', '\'', '{', '}', ' ');
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.strings().alpha().numeric().withChars(' ', '-', '/', ':', '.').ofMaxLength(12)),
        Tuple.of(2, Arbitraries.strings().ofMaxLength(8).withChars('a', 'b').withCharRange('\u0000', '\uFFFF')),
        Tuple.of(2, interesting.list().ofMaxSize(6).map(chars -> {
          StringBuilder text = new StringBuilder();
          chars.forEach(text::append);
          return text.toString();
        })),
        // a surrogate pair: one code point beyond the BMP
        Tuple.of(1, Arbitraries.just("\uD83D\uDE00 \uD834\uDD1E")));
  }

  /** Decimals as the parser makes them: at least one digit after the point, any sign. */
  public static Arbitrary<BigDecimal> decimals() {
    return Combinators.combine(
            Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30)),
            Arbitraries.integers().between(1, 12))
        .as(BigDecimal::new);
  }

  // ---------------------------------------------------------------- expressions

  public Arbitrary<Expr> expressions() {
    return byDepth.get(maxDepth);
  }

  private Arbitrary<Expr> leaf() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.of(true, false).map(b -> new BoolLiteral(SPAN, b))),
        Tuple.of(2, Arbitraries.longs().map(n -> new IntLiteral(SPAN, n))),
        Tuple.of(1, decimals().map(d -> new DecimalLiteral(SPAN, d))),
        Tuple.of(2, names.strings().map(s -> new StringLiteral(SPAN, s))),
        Tuple.of(2, Arbitraries.of(Root.class).map(r -> new RootRef(SPAN, r))),
        Tuple.of(2, names.identifiers().map(n -> new NameRef(SPAN, n))),
        Tuple.of(1, Combinators.combine(names.anyNames(), names.strings()).as((t, id) -> new EntityLiteral(SPAN, t, id))));
  }

  private Arbitrary<Expr> inner(Arbitrary<Expr> child) {
    Arbitrary<List<Expr>> someChildren = child.list().ofMaxSize(3);
    Arbitrary<Expr> call = Combinators.combine(names.functions(), someChildren, Arbitraries.of(true, false))
        .as((function, arguments, method) -> (Expr) new Call(SPAN, function, arguments, method && !arguments.isEmpty()));
    Arbitrary<Expr> methodCall = Combinators.combine(names.anyNames(), child.list().ofMinSize(1).ofMaxSize(3))
        .as((function, arguments) -> new Call(SPAN, function, arguments, true));
    return Arbitraries.frequencyOf(
        Tuple.of(4, leaf()),
        Tuple.of(2, Combinators.combine(child, names.anyNames()).as((base, name) -> new MemberAccess(SPAN, base, name))),
        Tuple.of(1, Combinators.combine(child, child).as((base, index) -> new IndexAccess(SPAN, base, index))),
        Tuple.of(1, call),
        Tuple.of(1, methodCall),
        Tuple.of(2, Combinators.combine(Arbitraries.of(UnaryOperator.class), child)
            .as((operator, operand) -> new Unary(SPAN, operator, operand))),
        Tuple.of(4, Combinators.combine(Arbitraries.of(BinaryOperator.class), child, child)
            .as((operator, left, right) -> new Binary(SPAN, operator, left, right))),
        Tuple.of(2, Combinators.combine(Arbitraries.of(LogicalOperator.class), child.list().ofMinSize(2).ofMaxSize(4))
            .as((operator, operands) -> new Logical(SPAN, operator, operands))),
        Tuple.of(1, Combinators.combine(child, attributeNames()).as((base, name) -> new Has(SPAN, base, name))),
        Tuple.of(1, Combinators.combine(child, names.anyNames()).as((base, type) -> new Is(SPAN, base, type))),
        Tuple.of(1, Combinators.combine(child, child, child).as((c, a, b) -> new Conditional(SPAN, c, a, b))),
        Tuple.of(1, child.list().ofMaxSize(4).map(elements -> new SetLiteral(SPAN, elements))),
        Tuple.of(1, records(child)));
  }

  private Arbitrary<String> attributeNames() {
    return Arbitraries.oneOf(names.anyNames(), names.strings());
  }

  private Arbitrary<Expr> records(Arbitrary<Expr> values) {
    return recordLiterals(values).map(Expr.class::cast);
  }

  private Arbitrary<RecordLiteral> recordLiterals(Arbitrary<Expr> values) {
    return Combinators.combine(attributeNames(), values)
        .as((key, value) -> new RecordEntry(SPAN, key, value))
        .list().ofMaxSize(3)
        .map(entries -> new RecordLiteral(SPAN, entries));
  }

  /** Expressions one level shallower than {@link #expressions()}, for positions inside statements. */
  private Arbitrary<Expr> statementExpressions() {
    return byDepth.get(Math.max(0, maxDepth - 1));
  }

  // ---------------------------------------------------------------- policy files

  public Arbitrary<PolicyFile> policyFiles() {
    Arbitrary<Declaration> declarations = Arbitraries.frequencyOf(
        Tuple.of(1, schemaDeclarations().map(Declaration.class::cast)),
        Tuple.of(2, Combinators.combine(names.identifiers(), statementExpressions())
            .as((name, value) -> (Declaration) new Definition(SPAN, name, value))),
        Tuple.of(1, policySets(2).map(Declaration.class::cast)),
        Tuple.of(2, policies().map(Declaration.class::cast)));
    Arbitrary<Import> imports = Combinators.combine(qualifiedNames(), names.identifiers().optional())
        .as((name, alias) -> new Import(SPAN, name, alias));
    return Combinators.combine(qualifiedNames(), imports.list().ofMaxSize(2), declarations.list().ofMaxSize(4))
        .as((name, importList, declarationList) -> new PolicyFile(SPAN, name, importList, declarationList));
  }

  private Arbitrary<QualifiedName> qualifiedNames() {
    return names.identifiers().list().ofMinSize(1).ofMaxSize(3).map(parts -> new QualifiedName(SPAN, parts));
  }

  private Arbitrary<SchemaDeclaration> schemaDeclarations() {
    Arbitrary<SchemaMember> members = Arbitraries.oneOf(
        Combinators.combine(Arbitraries.of(EntityRole.class), names.anyNames(), names.anyNames().list().ofMaxSize(2),
                recordTypes(2).optional())
            .as((role, name, parents, body) -> new SchemaMember.EntityTypeDeclaration(SPAN, role, name, parents, body)),
        names.strings().list().ofMinSize(1).ofMaxSize(3).map(list -> new SchemaMember.ActionNamesDeclaration(SPAN, list)),
        recordTypes(2).map(body -> new SchemaMember.ActionPropertiesDeclaration(SPAN, body)),
        recordTypes(2).map(body -> new SchemaMember.ContextDeclaration(SPAN, body)),
        Combinators.combine(names.anyNames(), types(2)).as((name, type) -> new SchemaMember.DataDeclaration(SPAN, name, type)),
        Combinators.combine(Arbitraries.of(DirectiveKind.class), names.anyNames(), parameters().list().ofMaxSize(3))
            .as((kind, name, parameters) -> new SchemaMember.DirectiveDeclaration(SPAN, kind, name, parameters)));
    return members.list().ofMaxSize(5).map(list -> new SchemaDeclaration(SPAN, list));
  }

  /** Obligation parameters: the grammar only allows a word as their name. */
  private Arbitrary<AttributeDeclaration> parameters() {
    return Combinators.combine(names.anyNames(), Arbitraries.of(true, false), types(1))
        .as((name, optional, type) -> new AttributeDeclaration(SPAN, name, optional, type));
  }

  private Arbitrary<TypeExpr> types(int depth) {
    Arbitrary<TypeExpr> named = Combinators.combine(names.anyNames(), depth == 0
            ? Arbitraries.just(Optional.<TypeExpr>empty())
            : types(depth - 1).optional())
        .as((name, argument) -> new NamedTypeExpr(SPAN, name, argument));
    return depth == 0 ? named : Arbitraries.frequencyOf(
        Tuple.of(3, named),
        Tuple.of(1, recordTypes(depth - 1).map(TypeExpr.class::cast)));
  }

  private Arbitrary<RecordTypeExpr> recordTypes(int depth) {
    return Combinators.combine(attributeNames(), Arbitraries.of(true, false), types(depth))
        .as((name, optional, type) -> new AttributeDeclaration(SPAN, name, optional, type))
        .list().ofMaxSize(3)
        .map(attributes -> new RecordTypeExpr(SPAN, attributes));
  }

  private Arbitrary<PolicySet> policySets(int depth) {
    Arbitrary<PolicyElement> members = depth == 0
        ? policies().map(PolicyElement.class::cast)
        : Arbitraries.frequencyOf(
            Tuple.of(3, policies().map(PolicyElement.class::cast)),
            Tuple.of(1, policySets(depth - 1).map(PolicyElement.class::cast)));
    return Combinators.combine(annotations(), names.strings(), combinings(), statementExpressions().optional(), lets(),
            effectDirectives(), members.list().ofMaxSize(3))
        .as((annotationList, id, combining, target, letList, directives, memberList) ->
            new PolicySet(SPAN, annotationList, id, combining, target, letList, directives, memberList));
  }

  private Arbitrary<Policy> policies() {
    return Combinators.combine(annotations(), names.strings(), combinings(), statementExpressions().optional(), lets(),
            effectDirectives(), rules().list().ofMaxSize(4))
        .as((annotationList, id, combining, target, letList, directives, ruleList) ->
            new Policy(SPAN, annotationList, id, combining, target, letList, directives, ruleList));
  }

  private Arbitrary<Rule> rules() {
    return Combinators.combine(annotations(), Arbitraries.of(Effect.class), names.strings().optional(), lets(),
            statementExpressions().optional(), directives().list().ofMaxSize(2))
        .as((annotationList, effect, id, letList, condition, directiveList) ->
            new Rule(SPAN, annotationList, effect, id, letList, condition, directiveList));
  }

  private Arbitrary<List<Annotation>> annotations() {
    return Combinators.combine(names.anyNames(), names.strings())
        .as((name, value) -> new Annotation(SPAN, name, value))
        .list().ofMaxSize(2);
  }

  /** Algorithm names as the grammar spells them: words joined by {@code -}, known or not. */
  private Arbitrary<Optional<Combining>> combinings() {
    Arbitrary<String> word = Arbitraries.oneOf(names.identifiers(), Arbitraries.of("permit", "deny"));
    Arbitrary<String> written = Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.of(CombiningAlgorithm.keywords())),
        Tuple.of(1, word.list().ofMinSize(1).ofMaxSize(3).map(words -> String.join("-", words))));
    return written.map(algorithm -> new Combining(SPAN, algorithm)).optional();
  }

  private Arbitrary<List<LetBinding>> lets() {
    return Combinators.combine(names.identifiers(), statementExpressions())
        .as((name, value) -> new LetBinding(SPAN, name, value))
        .list().ofMaxSize(2);
  }

  private Arbitrary<List<EffectDirective>> effectDirectives() {
    return Combinators.combine(Arbitraries.of(Effect.class), directives())
        .as((effect, directive) -> new EffectDirective(SPAN, effect, directive))
        .list().ofMaxSize(2);
  }

  private Arbitrary<Directive> directives() {
    return Combinators.combine(Arbitraries.of(DirectiveKind.class), names.anyNames(), namedArguments())
        .as((kind, name, arguments) -> new Directive(SPAN, kind, name, arguments));
  }

  private Arbitrary<List<NamedArgument>> namedArguments() {
    return Combinators.combine(names.anyNames(), statementExpressions())
        .as((name, value) -> new NamedArgument(SPAN, name, value))
        .list().ofMaxSize(3);
  }

  // ---------------------------------------------------------------- test files

  public Arbitrary<TestFile> testFiles() {
    return testCases().list().ofMaxSize(3).map(tests -> new TestFile(SPAN, tests));
  }

  private Arbitrary<TestCase> testCases() {
    Arbitrary<Optional<RecordLiteral>> properties = recordLiterals(statementExpressions()).optional();
    Arbitrary<TestRequestPart> parts = Arbitraries.oneOf(
        Combinators.combine(Arbitraries.of(EntityRole.SUBJECT, EntityRole.RESOURCE), names.anyNames(), names.strings(), properties)
            .as((role, type, id, props) -> new TestRequestPart.TestEntity(SPAN, role, type, id, props)),
        Combinators.combine(names.strings(), properties).as((name, props) -> new TestRequestPart.TestAction(SPAN, name, props)),
        recordLiterals(statementExpressions()).map(attributes -> new TestRequestPart.TestContext(SPAN, attributes)));
    Arbitrary<Expectation.Detail> details = Arbitraries.oneOf(
        Combinators.combine(Arbitraries.of(DirectiveKind.class), names.anyNames(), namedArguments().optional())
            .as((kind, name, arguments) -> new Expectation.ExpectedDirective(SPAN, kind, name, arguments)),
        names.strings().map(reason -> new Expectation.ExpectedReason(SPAN, reason)));
    // the decision is `permit`, `deny` or any identifier; the checker, not the parser, validates it
    Arbitrary<String> decisions = Arbitraries.oneOf(Arbitraries.of("permit", "deny", "not_applicable", "indeterminate"),
        names.identifiers());
    Arbitrary<Expectation> expectations = Combinators.combine(decisions, details.list().ofMaxSize(3))
        .as((decision, detailList) -> new Expectation(SPAN, decision, detailList));
    return Combinators.combine(annotations(), names.strings(), parts.list().ofMaxSize(4), expectations)
        .as((annotationList, name, partList, expectation) -> new TestCase(SPAN, annotationList, name, partList, expectation));
  }
}
