package dev.arbiter.policy.format;

import dev.arbiter.policy.ast.*;
import dev.arbiter.policy.ast.Expr.Logical;
import dev.arbiter.policy.ast.Expr.RecordLiteral;
import dev.arbiter.policy.ast.SchemaMember.*;
import dev.arbiter.policy.ast.TestRequestPart.*;
import dev.arbiter.policy.ast.TypeExpr.NamedTypeExpr;
import dev.arbiter.policy.ast.TypeExpr.RecordTypeExpr;
import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.parse.Comment;
import dev.arbiter.policy.parse.ParseResult;
import dev.arbiter.policy.parse.PolicyParser;
import dev.arbiter.policy.value.Values;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The canonical layout of {@code .pol} and {@code .poltest} files. Formatting is a function of the
 * tree and the comments alone, so {@code format(format(x)) == format(x)}, and it prints exactly the
 * parentheses needed, so parsing the output gives back the same tree.
 *
 * <p>Layout: two-space indentation; one blank line between top-level declarations and between the
 * members of a policy set, and one wherever the source had blank lines; one rule, {@code let}, target or obligation per line; a condition that
 * does not fit in {@value #WIDTH} columns breaks before each {@code and}/{@code or}. Comments stay
 * in order: a comment inside a statement moves to the line above it; one at the end of a line stays
 * there.
 */
public final class Formatter {
  /** The column width conditions are broken to fit. */
  public static final int WIDTH = 100;
  private static final String INDENT = "  ";

  private final StringBuilder out = new StringBuilder();
  private final Deque<Comment> comments;
  private int indent;
  /** The source line where the last printed node or comment ended; blank lines after it are kept. */
  private int lastLine = -1;

  private Formatter(List<Comment> comments) {
    this.comments = new ArrayDeque<>(comments);
  }

  /** What formatting a file's text gave: the new text, or the diagnostics that stopped it. */
  public record Result(String text, List<Diagnostic> diagnostics) {
    public boolean ok() {
      return diagnostics.isEmpty();
    }
  }

  /** Formats the text of a {@code .pol} or (by its path) {@code .poltest} file. */
  public static Result format(String path, String text) {
    if (path.endsWith(".poltest")) {
      ParseResult<TestFile> parsed = PolicyParser.parseTestFile(path, text);
      return parsed.tree()
          .map(tree -> new Result(format(tree, parsed.comments()), List.of()))
          .orElseGet(() -> new Result(text, parsed.diagnostics()));
    }
    ParseResult<PolicyFile> parsed = PolicyParser.parsePolicyFile(path, text);
    return parsed.tree()
        .map(tree -> new Result(format(tree, parsed.comments()), List.of()))
        .orElseGet(() -> new Result(text, parsed.diagnostics()));
  }

  public static String format(PolicyFile file, List<Comment> comments) {
    Formatter f = new Formatter(comments);
    f.policyFile(file);
    return f.finish();
  }

  public static String format(TestFile file, List<Comment> comments) {
    Formatter f = new Formatter(comments);
    f.testFile(file);
    return f.finish();
  }

  /** One expression on one line. */
  public static String format(Expr expr) {
    return ExpressionPrinter.print(expr);
  }

  // ---------------------------------------------------------------- files

  private void policyFile(PolicyFile file) {
    statement(file.packageName(), "package " + file.packageName());
    if (!file.imports().isEmpty()) {
      blank();
      for (Import declaration : file.imports()) {
        statement(declaration, "import " + declaration.name() + declaration.alias().map(a -> " as " + a).orElse(""));
      }
    }
    for (Declaration declaration : file.declarations()) {
      blank();
      switch (declaration) {
        case SchemaDeclaration schema -> schema(schema);
        case Definition definition -> statement(definition, "def " + definition.name() + " = " + expression(definition.value(),
            ("def " + definition.name() + " = ").length()));
        case PolicySet set -> policySet(set);
        case Policy policy -> policy(policy);
      }
    }
  }

  private void testFile(TestFile file) {
    boolean first = true;
    for (TestCase test : file.tests()) {
      if (!first) {
        blank();
      }
      first = false;
      testCase(test);
    }
  }

  // ---------------------------------------------------------------- schema

  private void schema(SchemaDeclaration schema) {
    open(schema, "schema {");
    for (SchemaMember member : schema.members()) {
      switch (member) {
        case EntityTypeDeclaration e -> {
          String head = e.role().keyword() + " " + e.name()
              + (e.parentTypes().isEmpty() ? "" : " in [" + String.join(", ", e.parentTypes()) + "]");
          if (e.attributes().isEmpty()) {
            statement(e, head);
          } else {
            recordBlock(e, head, e.attributes().get());
          }
        }
        case ActionNamesDeclaration a ->
            statement(a, "action " + a.names().stream().map(Values::quote).collect(Collectors.joining(", ")));
        case ActionPropertiesDeclaration a -> recordBlock(a, "action", a.properties());
        case ContextDeclaration c -> recordBlock(c, "context", c.attributes());
        case DataDeclaration d -> statement(d, "data " + ExpressionPrinter.attributeName(d.name()) + ": " + type(d.type()));
        case DirectiveDeclaration d -> statement(d, d.kind().keyword() + " " + d.name() + "("
            + d.parameters().stream().map(Formatter::attribute).collect(Collectors.joining(", ")) + ")");
      }
    }
    close(schema);
  }

  private void recordBlock(Node owner, String head, RecordTypeExpr record) {
    if (record.attributes().isEmpty()) {
      statement(owner, head + " {}");
      return;
    }
    open(owner, head + " {");
    for (AttributeDeclaration attribute : record.attributes()) {
      statement(attribute, attribute(attribute) + ",");
    }
    close(owner);
  }

  private static String attribute(AttributeDeclaration attribute) {
    return ExpressionPrinter.attributeName(attribute.name()) + (attribute.optional() ? "?" : "") + ": " + type(attribute.type());
  }

  private static String type(TypeExpr type) {
    return switch (type) {
      case NamedTypeExpr named -> named.name() + named.argument().map(a -> "<" + type(a) + ">").orElse("");
      case RecordTypeExpr record -> record.attributes().isEmpty()
          ? "{}"
          : record.attributes().stream().map(Formatter::attribute).collect(Collectors.joining(", ", "{ ", " }"));
    };
  }

  // ---------------------------------------------------------------- policies

  private void annotations(List<Annotation> annotations) {
    for (Annotation annotation : annotations) {
      statement(annotation, "@" + annotation.name() + "(" + Values.quote(annotation.value()) + ")");
    }
  }

  private void policySet(PolicySet set) {
    annotations(set.annotations());
    open(set, "policyset " + Values.quote(set.id()) + combining(set.combining()) + " {");
    header(set);
    boolean first = true;
    for (PolicyElement member : set.members()) {
      if (!first || !set.lets().isEmpty() || set.target().isPresent() || !set.directives().isEmpty()) {
        blank();
      }
      first = false;
      switch (member) {
        case PolicySet nested -> policySet(nested);
        case Policy policy -> policy(policy);
      }
    }
    close(set);
  }

  private void policy(Policy policy) {
    annotations(policy.annotations());
    open(policy, "policy " + Values.quote(policy.id()) + combining(policy.combining()) + " {");
    header(policy);
    for (Rule rule : policy.rules()) {
      rule(rule);
    }
    close(policy);
  }

  private static String combining(java.util.Optional<Combining> combining) {
    return combining.map(c -> " combine " + c.algorithm()).orElse("");
  }

  private void header(PolicyElement element) {
    element.target().ifPresent(target -> statement(target, "target " + expression(target, "target ".length())));
    for (LetBinding let : element.lets()) {
      let(let);
    }
    for (EffectDirective directive : element.directives()) {
      statement(directive, "on " + directive.on().keyword() + " " + directive(directive.directive()));
    }
  }

  private void let(LetBinding let) {
    String head = "let " + let.name() + " = ";
    statement(let, head + expression(let.value(), head.length()));
  }

  private void rule(Rule rule) {
    annotations(rule.annotations());
    String head = rule.effect().keyword() + rule.id().map(id -> " " + Values.quote(id)).orElse("");
    if (rule.lets().isEmpty() && rule.directives().isEmpty()) {
      statement(rule, rule.condition().map(c -> whenClause(head, c)).orElse(head));
      return;
    }
    // comments in the head move above the rule; those among lets and directives stay near them
    leading(rule.lets().isEmpty()
        ? rule.condition().map(c -> c.span().endOffset()).orElse(rule.span().startOffset())
        : rule.span().startOffset());
    separate(rule.span().line());
    if (rule.lets().isEmpty() && rule.condition().isPresent()) {
      line(whenClause(head, rule.condition().get()));
      lastLine = rule.condition().get().span().endLine();
    } else {
      line(head);
      lastLine = rule.span().line();
    }
    indent++;
    for (LetBinding let : rule.lets()) {
      let(let);
    }
    if (!rule.lets().isEmpty() && rule.condition().isPresent()) {
      leading(rule.condition().get().span().endOffset());
      line("when " + expression(rule.condition().get(), "when ".length()));
      lastLine = rule.condition().get().span().endLine();
    }
    for (Directive directive : rule.directives()) {
      statement(directive, directive(directive));
    }
    indent--;
    lastLine = rule.span().endLine();
    trailing(rule);
  }

  /** {@code head when condition} on one line, or with the condition broken on the lines below. */
  private String whenClause(String head, Expr condition) {
    String flat = head + " when " + ExpressionPrinter.print(condition);
    if (fits(flat) || !(condition instanceof Logical)) {
      return flat;
    }
    return head + "\n" + INDENT + "when " + expression(condition, INDENT.length() + "when ".length(), 2, true);
  }

  private static String directive(Directive directive) {
    return directive.kind().keyword() + " " + directive.name() + "(" + arguments(directive.arguments()) + ")";
  }

  private static String arguments(List<NamedArgument> arguments) {
    return arguments.stream()
        .map(a -> ExpressionPrinter.attributeName(a.name()) + ": " + ExpressionPrinter.print(a.value()))
        .collect(Collectors.joining(", "));
  }

  // ---------------------------------------------------------------- tests

  private void testCase(TestCase test) {
    annotations(test.annotations());
    open(test, "test " + Values.quote(test.name()) + " {");
    for (TestRequestPart part : test.parts()) {
      switch (part) {
        case TestEntity e -> recordStatement(e, e.role().keyword() + " " + e.entityType() + " " + Values.quote(e.id()), e.properties());
        case TestAction a -> recordStatement(a, "action " + Values.quote(a.name()), a.properties());
        case TestContext c -> recordStatement(c, "context", java.util.Optional.of(c.attributes()));
      }
    }
    Expectation expectation = test.expectation();
    if (expectation.details().isEmpty()) {
      statement(expectation, "expect " + expectation.decision());
    } else {
      leading(expectation.span().startOffset());
      separate(expectation.span().line());
      line("expect " + expectation.decision());
      lastLine = expectation.span().line();
      indent++;
      for (Expectation.Detail detail : expectation.details()) {
        statement(detail, switch (detail) {
          case Expectation.ExpectedDirective d -> d.kind().keyword() + " " + d.name()
              + d.arguments().map(a -> "(" + arguments(a) + ")").orElse("");
          case Expectation.ExpectedReason r -> "reason " + Values.quote(r.reason());
        });
      }
      indent--;
      lastLine = expectation.span().endLine();
      trailing(expectation);
    }
    close(test);
  }

  /** {@code head { a: 1, b: 2 }} on one line, or one entry per line when it does not fit. */
  private void recordStatement(Node node, String head, java.util.Optional<RecordLiteral> record) {
    if (record.isEmpty()) {
      statement(node, head);
      return;
    }
    StringBuilder flat = new StringBuilder(head).append(' ');
    ExpressionPrinter.record(record.get(), flat);
    if (fits(flat.toString()) || record.get().entries().isEmpty()) {
      statement(node, flat.toString());
      return;
    }
    open(node, head + " {");
    for (Expr.RecordEntry entry : record.get().entries()) {
      String key = ExpressionPrinter.attributeName(entry.key()) + ": ";
      statement(entry, key + ExpressionPrinter.print(entry.value()) + ",");
    }
    close(node);
  }

  // ---------------------------------------------------------------- expressions that may break

  private String expression(Expr expr, int column) {
    return expression(expr, column, 1, false);
  }

  /**
   * Flat when it fits; otherwise a top-level and/or chain breaks before each operator, indented
   * one or two levels deeper than the statement. {@code column} is where the expression starts,
   * relative to the current indentation.
   */
  private String expression(Expr expr, int column, int continuationLevels, boolean mustBreak) {
    String flat = ExpressionPrinter.print(expr);
    if (!(expr instanceof Logical logical)
        || (!mustBreak && indent * INDENT.length() + column + flat.length() <= WIDTH)) {
      return flat;
    }
    String operator = logical.operator().symbol();
    String continuation = "\n" + INDENT.repeat(continuationLevels);
    int strength = ExpressionPrinter.strength(logical) + 1;
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < logical.operands().size(); i++) {
      if (i > 0) {
        out.append(continuation).append(operator).append(' ');
      }
      ExpressionPrinter.print(logical.operands().get(i), strength, out);
    }
    return out.toString();
  }

  private boolean fits(String text) {
    int firstLine = text.indexOf('\n');
    return indent * INDENT.length() + (firstLine < 0 ? text.length() : firstLine) <= WIDTH;
  }

  // ---------------------------------------------------------------- lines and comments

  /** A leaf statement: comments before or inside it go above it, one at the end of its line stays. */
  private void statement(Node node, String text) {
    leading(node.span().endOffset());
    separate(node.span().line());
    line(text);
    lastLine = node.span().endLine();
    trailing(node);
  }

  private void open(Node node, String text) {
    leading(node.span().startOffset());
    separate(node.span().line());
    line(text);
    lastLine = node.span().line();
    indent++;
  }

  private void close(Node node) {
    leading(node.span().endOffset());
    indent--;
    line("}");
    lastLine = node.span().endLine();
    trailing(node);
  }

  /** Keeps one blank line where the source had one or more, except right after an opening brace. */
  private void separate(int line) {
    if (lastLine >= 0 && line > lastLine + 1) {
      int length = out.length();
      boolean afterOpening = length >= 2 && out.charAt(length - 2) == '{';
      if (!afterOpening) {
        blank();
      }
    }
  }

  /** Prints, each on its own line, the comments that start before {@code offset}, except trailing ones. */
  private void leading(int offset) {
    while (!comments.isEmpty() && comments.peek().span().startOffset() < offset) {
      comment(comments.poll());
    }
  }

  /** A comment's first line is indented; the others stay as written, so reformatting is stable. */
  private void comment(Comment comment) {
    separate(comment.span().line());
    lastLine = comment.span().endLine();
    out.append(INDENT.repeat(indent)).append(comment.text().stripTrailing()).append('\n');
  }

  /** Appends a comment that sat on the node's last line, after it. */
  private void trailing(Node node) {
    Comment next = comments.peek();
    if (next != null && next.span().line() == node.span().endLine() && next.span().endLine() == next.span().line()
        && next.span().startOffset() >= node.span().endOffset()) {
      comments.poll();
      int end = out.length() - 1; // before the newline
      out.insert(end, " " + next.text());
    }
  }

  private void line(String text) {
    for (String part : text.split("\n", -1)) {
      if (!part.isEmpty() && !part.isBlank()) {
        out.append(INDENT.repeat(indent));
      }
      out.append(part.stripTrailing()).append('\n');
    }
  }

  private void blank() {
    int length = out.length();
    if (length > 0 && !(length >= 2 && out.charAt(length - 1) == '\n' && out.charAt(length - 2) == '\n')) {
      out.append('\n');
    }
  }

  private String finish() {
    if (!comments.isEmpty() && !out.isEmpty()) {
      blank();
    }
    while (!comments.isEmpty()) {
      comment(comments.poll());
    }
    return out.toString();
  }
}
