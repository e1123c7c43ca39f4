package dev.arbiter.policy.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.grammar.PolLexer;
import dev.arbiter.policy.ShippedPolicies;
import dev.arbiter.policy.ast.Expr;
import dev.arbiter.policy.ast.PolicyElement;
import dev.arbiter.policy.bundle.BundleLoader;
import dev.arbiter.policy.bundle.BundleSource;
import dev.arbiter.policy.check.CheckResult;
import dev.arbiter.policy.check.Checker;
import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.diagnostic.DiagnosticCode;
import dev.arbiter.policy.diagnostic.SourceText;
import dev.arbiter.policy.format.AstArbitraries;
import dev.arbiter.policy.format.Formatter;
import dev.arbiter.policy.json.JsonReader;
import dev.arbiter.policy.parse.ParseResult;
import dev.arbiter.policy.parse.PolicyParser;
import dev.arbiter.policy.stdlib.Builtins;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the whole front end: every input is parsed and, in a bundle built in memory, checked.
 * The property is that only diagnostics come out: no exception of any kind (a {@link
 * StackOverflowError} included), and no input takes more than a second.
 *
 * <p>Inputs per run, 100,000 in all:
 *
 * <ul>
 *   <li>34,000 mutations of the shipped {@code .pol} and {@code .poltest} files (and of the
 *       fuzzer's own {@code .poltest} seed while no test file is shipped): characters replaced,
 *       bits and UTF-8 bytes flipped, runs deleted, tokens of the grammar's vocabulary inserted,
 *       fragments duplicated, and fragments of other files spliced in;
 *   <li>12,000 mutations of the shipped JSON files, through the data loader or the manifest reader;
 *   <li>36,000 random sequences of the grammar's keywords, operators and literals, as a file, a
 *       test file, an expression, a condition or a test case;
 *   <li>12,000 random Unicode texts in the same places, and as JSON;
 *   <li>6,000 random well-formed targets, {@code let}s, conditions and obligation arguments over
 *       the shipped schema's names, checked with the shipped schema, definitions and data: they
 *       get past the parser into the type checker and the lints.
 * </ul>
 *
 * <p>When a mutated source no longer parses, the rest of its bundle cannot change the outcome, so
 * it is checked alone; when it parses, it is checked with the rest of the shipped bundle. The same
 * holds for JSON that does not parse. This keeps the class at about a minute on two slow cores.
 */
class ParserFuzzTest {
  private static final Duration LIMIT = Duration.ofSeconds(1);
  private static final Corpus CORPUS = Corpus.load();
  private static final Set<DiagnosticCode> PARSE_ERRORS = EnumSet.of(
      DiagnosticCode.SYNTAX_ERROR, DiagnosticCode.UNTERMINATED_STRING, DiagnosticCode.UNEXPECTED_CHARACTER,
      DiagnosticCode.INVALID_ESCAPE, DiagnosticCode.UNTERMINATED_COMMENT, DiagnosticCode.INPUT_TOO_LARGE,
      DiagnosticCode.NESTING_TOO_DEEP, DiagnosticCode.NUMBER_OUT_OF_RANGE, DiagnosticCode.MALFORMED_JSON);

  static {
    // the first parse builds ANTLR's tables, the first check loads classes, and long inputs run cold
    // code until the JIT compiles it: none of that is the input's doing
    CORPUS.files().forEach(file -> frontEnd(file.kind(), file.path(), file.text()));
    String chain = "a" + " and a".repeat(20_000);
    String policy = "package w\nschema {}\npolicy \"w\" {\n  permit let a = true when " + chain + "\n}\n";
    Checker.check(BundleSource.ofPolicies(new SourceText("warm.pol", policy)));
  }

  // ---------------------------------------------------------------- the property

  /**
   * Runs {@code input} through the front end: only diagnostics may come out, within {@link #LIMIT}.
   * The input is in every failure message, escaped so that it can be pasted into a test.
   */
  private static void assertOnlyDiagnostics(Kind kind, String input, Supplier<?> frontEnd) {
    long start = System.nanoTime();
    Object result;
    try {
      result = frontEnd.get();
    } catch (Throwable t) {
      throw new AssertionError("the front end threw " + t + " on this " + kind + ":\n" + Escapes.java(input), t);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    if (elapsed.compareTo(LIMIT) > 0) {
      throw new AssertionError("the front end took " + elapsed.toMillis() + " ms on this " + kind + ":\n" + Escapes.java(input));
    }
    Statistics.label("how far inputs got").collect(howFar(result));
  }

  /** For the report of each property: whether the fuzzer gets past the parser often enough to test the checker. */
  private static String howFar(Object result) {
    return switch (result) {
      case ParseResult<?> parsed -> parsed.diagnostics().isEmpty() ? "parsed (an expression)" : "refused by the parser";
      case CheckResult checked when checked.diagnostics().stream().anyMatch(d -> PARSE_ERRORS.contains(d.code())) ->
          "refused by the parser";
      case CheckResult checked -> checked.hasErrors() ? "checked, with errors" : "checked, clean";
      default -> throw new IllegalStateException("not a front end result: " + result);
    };
  }

  private static void assertOnlyDiagnostics(Kind kind, String path, String input) {
    assertOnlyDiagnostics(kind, input, () -> frontEnd(kind, path, input));
  }

  /** Parses and checks {@code text} as the file at {@code path}, in the shipped bundle when it parses. */
  private static CheckResult frontEnd(Kind kind, String path, String text) {
    boolean wellFormed = switch (kind) {
      case POLICY -> PolicyParser.parsePolicyFile(path, text).tree().isPresent();
      case TEST -> PolicyParser.parseTestFile(path, text).tree().isPresent();
      case DATA, MANIFEST -> new JsonReader(JsonReader.Limits.DATA).read(text) instanceof JsonReader.Parsed;
    };
    SourceText file = new SourceText(path, text);
    BundleSource bundle = wellFormed ? CORPUS.bundleWith(kind, file) : CORPUS.bundleOfOnly(kind, file);
    return Checker.check(bundle);
  }

  // ---------------------------------------------------------------- mutated shipped files

  enum Kind { POLICY, TEST, DATA, MANIFEST }

  /** A file of the corpus, by kind. */
  record CorpusFile(Kind kind, String path, String text) {
    @Override
    public String toString() {
      return path;
    }
  }

  enum Operation { REPLACE_CHARACTER, FLIP_BIT, FLIP_BYTE, DELETE, INSERT_TOKEN, DUPLICATE, SPLICE }

  /**
   * One edit. Positions are taken modulo the text's length, so a mutation applies to any text and
   * jqwik can shrink a failing list of them towards fewer, smaller, earlier edits.
   */
  record Mutation(Operation operation, int position, int length, int choice) {
    String apply(String text, List<CorpusFile> corpus) {
      int at = position % (text.length() + 1);
      int end = Math.min(text.length(), at + length);
      return switch (operation) {
        case REPLACE_CHARACTER -> text.isEmpty() ? text : splice(text, at % text.length(), 1, Vocabulary.character(choice));
        case FLIP_BIT -> text.isEmpty() ? text
            : splice(text, at % text.length(), 1, String.valueOf((char) (text.charAt(at % text.length()) ^ (1 << (choice % 16)))));
        case FLIP_BYTE -> {
          byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
          if (bytes.length > 0) {
            bytes[position % bytes.length] ^= (byte) (1 << (choice % 8));
          }
          yield new String(bytes, StandardCharsets.UTF_8); // malformed UTF-8 becomes U+FFFD, as a lenient reader would
        }
        case DELETE -> text.substring(0, at) + text.substring(end);
        case INSERT_TOKEN -> splice(text, at, 0, Vocabulary.token(choice));
        case DUPLICATE -> {
          String fragment = text.substring(at, end);
          int to = choice % (text.length() + 1);
          yield splice(text, to, 0, fragment);
        }
        case SPLICE -> {
          String other = corpus.get(choice % corpus.size()).text();
          int from = (choice / corpus.size()) % (other.length() + 1);
          String fragment = other.substring(from, Math.min(other.length(), from + length));
          yield splice(text, at, Math.min(choice % 8, text.length() - at), fragment);
        }
      };
    }

    private static String splice(String text, int at, int removed, String inserted) {
      return text.substring(0, at) + inserted + text.substring(at + removed);
    }
  }

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    Arbitrary<Integer> lengths = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.integers().between(1, 8)),
        Tuple.of(3, Arbitraries.integers().between(1, 64)),
        Tuple.of(1, Arbitraries.integers().between(1, 2_000)));
    return Combinators.combine(
            Arbitraries.of(Operation.class),
            Arbitraries.integers().between(0, Integer.MAX_VALUE),
            lengths,
            Arbitraries.integers().between(0, Integer.MAX_VALUE))
        .as(Mutation::new)
        .list().ofMinSize(1).ofMaxSize(8);
  }

  @Provide
  Arbitrary<CorpusFile> sourceFiles() {
    return Arbitraries.of(CORPUS.files().stream().filter(f -> f.kind() == Kind.POLICY || f.kind() == Kind.TEST).toList());
  }

  @Provide
  Arbitrary<CorpusFile> jsonFiles() {
    return Arbitraries.of(CORPUS.files().stream().filter(f -> f.kind() == Kind.DATA || f.kind() == Kind.MANIFEST).toList());
  }

  @Property(tries = 34_000)
  void mutatedSourcesYieldOnlyDiagnostics(@ForAll("sourceFiles") CorpusFile file, @ForAll("mutations") List<Mutation> mutations) {
    assertOnlyDiagnostics(file.kind(), file.path(), mutate(file.text(), mutations));
  }

  @Property(tries = 12_000)
  void mutatedJsonYieldsOnlyDiagnostics(@ForAll("jsonFiles") CorpusFile file, @ForAll("mutations") List<Mutation> mutations) {
    assertOnlyDiagnostics(file.kind(), file.path(), mutate(file.text(), mutations));
  }

  private static String mutate(String text, List<Mutation> mutations) {
    String mutated = text;
    for (Mutation mutation : mutations) {
      mutated = mutation.apply(mutated, CORPUS.files());
    }
    return mutated;
  }

  // ---------------------------------------------------------------- random tokens and text

  /** Where random text goes: alone, or inside the smallest syntax that makes it an expression or a test part. */
  enum Frame {
    POLICY_FILE(Kind.POLICY, "", ""),
    POLICY_FILE_BODY(Kind.POLICY, "package fuzz\n", ""),
    CONDITION(Kind.POLICY, "package fuzz\nimport mcp.common\npolicy \"fuzz\" {\n  permit when ", "\n}\n"),
    EXPRESSION(Kind.POLICY, "", ""),
    TEST_FILE(Kind.TEST, "", ""),
    TEST_CASE(Kind.TEST, "test \"fuzz\" {\n  ", "\n  expect permit\n}\n"),
    DATA_FILE(Kind.DATA, "", "");

    final Kind kind;
    final String before;
    final String after;

    Frame(Kind kind, String before, String after) {
      this.kind = kind;
      this.before = before;
      this.after = after;
    }

    void assertOnlyDiagnostics(String text) {
      String framed = before + text + after;
      String path = "fuzz/" + name().toLowerCase(Locale.ROOT) + switch (kind) {
        case POLICY -> ".pol";
        case TEST -> ".poltest";
        case DATA, MANIFEST -> ".json";
      };
      if (this == EXPRESSION) {
        ParserFuzzTest.assertOnlyDiagnostics(kind, text, () -> PolicyParser.parseExpression(path, text));
      } else {
        ParserFuzzTest.assertOnlyDiagnostics(kind, path, framed);
      }
    }
  }

  @Provide
  Arbitrary<Frame> frames() {
    return Arbitraries.of(Frame.class);
  }

  @Provide
  Arbitrary<String> tokenSequences() {
    Arbitrary<String> separators = Arbitraries.of("", " ", " ", " ", "\n", "\t");
    return Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE), separators)
        .as((choice, separator) -> Vocabulary.token(choice) + separator)
        .list().ofMaxSize(80)
        .map(tokens -> String.join("", tokens));
  }

  @Provide
  Arbitrary<String> unicode() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(200),
        // whole code points, supplementary planes included
        Arbitraries.integers().between(0, Character.MAX_CODE_POINT).list().ofMaxSize(100)
            .map(codePoints -> codePoints.stream().map(Character::toString).collect(Collectors.joining())),
        Arbitraries.strings().withChars("{}[]()\":,.-0123456789eE+truefalsn\\u \n").ofMaxLength(200));
  }

  @Property(tries = 36_000)
  void tokenSequencesYieldOnlyDiagnostics(@ForAll("frames") Frame frame, @ForAll("tokenSequences") String tokens) {
    frame.assertOnlyDiagnostics(tokens);
  }

  @Property(tries = 12_000)
  void randomUnicodeYieldsOnlyDiagnostics(@ForAll("frames") Frame frame, @ForAll("unicode") String text) {
    frame.assertOnlyDiagnostics(text);
  }

  // ---------------------------------------------------------------- well-formed expressions for the checker

  /**
   * Expressions over the names of the shipped schema and standard library, so that they get past
   * name resolution into typing; random operators still make almost every one of them ill-typed.
   */
  private static final AstArbitraries SCHEMA_EXPRESSIONS = new AstArbitraries(
      AstArbitraries.Names.random().biasedTowards(
          List.of("common", "authorized", "url", "v"),
          List.of("roles", "tenant", "clearance", "scopes", "risk", "required_scopes", "sensitive_fields", "category",
              "server", "time", "arguments", "agent", "ip", "id", "name", "path", "url", "blocked_subjects",
              "blocked_agents", "sandbox_root", "allowed_domains", "same_tenant", "working_hours", "on_call", "listing",
              "identity", "tool", "mcp_server", "resource", "prompt", "containsAll", "startsWith", "contains", "size"),
          List.of("acme", "shared", "admin", "tools/call", "read_file", "/workspace/a", "https://example.com/x",
              "10.0.0.0/8", "2026-03-02T10:15:00Z", "1h30m", "Europe/Berlin", "^a+$", "(", "info"),
          List.copyOf(Builtins.names())),
      3);

  @Provide
  Arbitrary<List<Expr>> schemaExpressions() {
    return SCHEMA_EXPRESSIONS.expressions().list().ofSize(4);
  }

  @Property(tries = 6_000)
  void wellFormedPoliciesYieldOnlyDiagnostics(@ForAll("schemaExpressions") List<Expr> expressions) {
    String policy = """
        package fuzz
        import mcp.common
        policy "fuzz" {
          target %s
          let v = %s
          permit when %s
            obligation audit(level: %s)
        }
        """.formatted(expressions.stream().map(Formatter::format).toArray());
    SourceText file = new SourceText("fuzz/generated.pol", policy);
    assertOnlyDiagnostics(Kind.POLICY, policy, () -> Checker.check(CORPUS.declarationsWith(file)));
  }

  // ---------------------------------------------------------------- size and depth

  @Test
  void aTenMegabytePolicyIsRefusedWithOneDiagnostic() {
    String huge = "package big\n// " + "x".repeat(10 << 20) + "\n";
    CheckResult result = timed("a 10 MB policy", () -> Checker.check(BundleSource.ofPolicies(new SourceText("big.pol", huge))));
    assertThat(result.diagnostics()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.INPUT_TOO_LARGE);
  }

  /** Inputs nested 10,000 deep, and chains 100,000 long: E007 or a clean result, never a stack overflow. */
  static Stream<Arguments> deepExpressions() {
    int deep = 10_000;
    int long_ = 100_000;
    return Stream.of(
        Arguments.of("parentheses", "(".repeat(deep) + "a" + ")".repeat(deep)),
        Arguments.of("not", "not ".repeat(deep) + "a"),
        Arguments.of("negation", "- ".repeat(deep) + "1"),
        Arguments.of("negation without spaces", "-".repeat(deep) + "1"),
        Arguments.of("sets", "[".repeat(deep) + "]".repeat(deep)),
        Arguments.of("records", "{a: ".repeat(deep) + "1" + "}".repeat(deep)),
        Arguments.of("conditionals", "if a then ".repeat(deep) + "a" + " else a".repeat(deep)),
        Arguments.of("calls", "size(".repeat(deep) + "a" + ")".repeat(deep)),
        Arguments.of("member accesses", "context" + ".a".repeat(deep)),
        Arguments.of("index accesses", "context" + "[\"a\"]".repeat(deep)),
        Arguments.of("method calls", "a" + ".trim()".repeat(deep)),
        Arguments.of("has chain", "context" + " has a".repeat(deep)),
        Arguments.of("additions", "a" + " + a".repeat(long_ - 1)),
        Arguments.of("comparisons", "a" + " == a".repeat(long_ - 1)),
        Arguments.of("and chain", "a" + " and a".repeat(long_ - 1)),
        Arguments.of("or chain", "a" + " or a".repeat(long_ - 1)),
        Arguments.of("alternating and/or", "a" + " and a or a".repeat(long_ / 2)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deepExpressions")
  void deepExpressionsYieldACleanResult(String name, String expression) {
    assertThat(timed(name + " as an expression", () -> PolicyParser.parseExpression("deep.pol", expression)).diagnostics())
        .extracting(Diagnostic::code).isSubsetOf(DiagnosticCode.NESTING_TOO_DEEP);
    String policy = "package deep\nschema {}\npolicy \"deep\" {\n  permit let a = true when " + expression + "\n}\n";
    assertCleanResult(timed(name + " in a policy", () -> Checker.check(BundleSource.ofPolicies(new SourceText("deep.pol", policy)))));
  }

  /** Deep structures outside expressions: types, policy sets, test requests. */
  static Stream<Arguments> deepFiles() {
    int deep = 10_000;
    return Stream.of(
        Arguments.of("deep.pol", "package p\nschema { data x: " + "set<".repeat(deep) + "string" + ">".repeat(deep) + " }\n"),
        Arguments.of("deep.pol", "package p\nschema { context " + "{ a: ".repeat(deep) + "int" + " }".repeat(deep) + " }\n"),
        Arguments.of("deep.pol", "package p\nschema {}\n" + "policyset \"s\" {\n".repeat(deep) + "}\n".repeat(deep)),
        Arguments.of("deep.poltest", "test \"t\" {\n  context " + "{ a: ".repeat(deep) + "1" + " }".repeat(deep)
            + "\n  expect permit\n}\n"));
  }

  @ParameterizedTest(name = "{0} #{index}")
  @MethodSource("deepFiles")
  void deepFilesYieldACleanResult(String path, String text) {
    SourceText file = new SourceText(path, text);
    BundleSource bundle = path.endsWith(".poltest")
        ? new BundleSource("<memory>", Optional.empty(), List.of(new SourceText("p.pol", "package p\nschema {}\n")),
            List.of(file), List.of(), List.of())
        : BundleSource.ofPolicies(file);
    assertCleanResult(timed(path, () -> Checker.check(bundle)));
  }

  @Test
  void aDeeplyNestedDataFileIsMalformedJson() {
    String deep = "{\"values\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";
    BundleSource bundle = new BundleSource("<memory>", Optional.empty(), List.of(), List.of(),
        List.of(new SourceText("deep.json", deep)), List.of());
    CheckResult result = timed("a data file nested 10,000 deep", () -> Checker.check(bundle));
    assertThat(result.diagnostics()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.MALFORMED_JSON);
  }

  // ---------------------------------------------------------------- size, not depth

  @Test
  void aLongChainOfDefinitionsIsChecked() {
    StringBuilder text = new StringBuilder("package p\nschema {}\n");
    for (int i = 999; i >= 1; i--) {
      text.append("def d").append(i).append(" = d").append(i - 1).append('\n');
    }
    text.append("def d0 = true\n");
    CheckResult result = timed("1,000 chained definitions",
        () -> Checker.check(BundleSource.ofPolicies(new SourceText("defs.pol", text.toString()))));
    // definitions may refer 32 deep; one error says so, however long the chain
    assertThat(result.errors()).singleElement().satisfies(d -> assertThat(d.code()).isEqualTo(DiagnosticCode.NESTING_TOO_DEEP));
  }

  @Test
  void aLongChainOfHasTestsIsCheckedQuickly() {
    String chain = IntStream.range(0, 2_000).mapToObj(i -> "context has a" + i).collect(Collectors.joining(" and "));
    String policy = "package p\nschema { context {} }\npolicy \"p\" {\n  permit when " + chain + "\n}\n";
    timed("2,000 has tests", () -> Checker.check(BundleSource.ofPolicies(new SourceText("has.pol", policy))));
  }

  @Test
  void aLongChainOfDistinctConditionsIsCheckedQuickly() {
    String chain = IntStream.range(0, 30_000).mapToObj(i -> "x == " + i).collect(Collectors.joining(" and "));
    String policy = "package p\nschema {}\npolicy \"p\" {\n  permit let x = 1 when " + chain + "\n}\n";
    timed("30,000 distinct conditions", () -> Checker.check(BundleSource.ofPolicies(new SourceText("and.pol", policy))));
  }

  @Test
  void aPolicyWithManyRulesIsCheckedQuickly() {
    String rules = IntStream.range(0, 5_000).mapToObj(i -> "  permit when " + i + " == " + i + "\n").collect(Collectors.joining());
    String policy = "package p\nschema {}\npolicy \"p\" {\n" + rules + "}\n";
    timed("5,000 rules", () -> Checker.check(BundleSource.ofPolicies(new SourceText("rules.pol", policy))));
  }

  @Test
  void aDeepEntityHierarchyIsLoadedQuickly() {
    String entities = IntStream.range(0, 3_000)
        .mapToObj(i -> "{\"type\": \"g\", \"id\": \"" + i + "\""
            + (i == 0 ? "" : ", \"parents\": [{\"type\": \"g\", \"id\": \"" + (i - 1) + "\"}]") + "}")
        .collect(Collectors.joining(",\n"));
    BundleSource bundle = new BundleSource("<memory>", Optional.empty(),
        List.of(new SourceText("s.pol", "package p\nschema { entity g in [g] }\n")), List.of(),
        List.of(new SourceText("g.json", "{\"entities\": [" + entities + "]}")), List.of());
    CheckResult result = timed("a 3,000-deep entity hierarchy", () -> Checker.check(bundle));
    // hierarchies may be 64 deep; one error says so, however deep the data goes
    assertThat(result.errors()).singleElement().satisfies(d -> assertThat(d.code()).isEqualTo(DiagnosticCode.HIERARCHY_TOO_DEEP));
  }

  @Test
  void aHugeExponentInDataIsReportedBriefly() {
    BundleSource bundle = new BundleSource("<memory>", Optional.empty(),
        List.of(new SourceText("s.pol", "package p\nschema { entity g { n: int } }\n")), List.of(),
        List.of(new SourceText("g.json", "{\"entities\": [{\"type\": \"g\", \"id\": \"0\", \"properties\": {\"n\": 1e999999999}}]}")),
        List.of());
    CheckResult result = timed("an int written 1e999999999", () -> Checker.check(bundle));
    assertThat(result.diagnostics()).singleElement()
        .satisfies(d -> assertThat(d.message()).hasSizeLessThan(1_000));
  }

  private static void assertCleanResult(CheckResult result) {
    List<DiagnosticCode> errors = result.errors().stream().map(Diagnostic::code).toList();
    assertThat(errors).as("errors of a deep input: one E007 at most").isSubsetOf(DiagnosticCode.NESTING_TOO_DEEP).hasSizeLessThanOrEqualTo(1);
  }

  /**
   * Runs {@code task}, failing on any throwable or when it takes longer than {@link #LIMIT}. These
   * inputs are large enough that the time is this thread's CPU time: on a machine shared with other
   * builds, the wall clock also counts the time spent waiting for a core.
   */
  private static <T> T timed(String what, Supplier<T> task) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long start = threads.getCurrentThreadCpuTime();
    T result;
    try {
      result = task.get();
    } catch (Throwable t) {
      throw new AssertionError("the front end threw " + t + " on " + what, t);
    }
    Duration used = Duration.ofNanos(threads.getCurrentThreadCpuTime() - start);
    assertThat(used).as("CPU time taken by " + what).isLessThanOrEqualTo(LIMIT);
    return result;
  }

  // ---------------------------------------------------------------- the corpus and the vocabulary

  /**
   * The shipped files, the bundle they make, the seed test file, and the shipped policy files that
   * only declare (schema and definitions), which is all a generated policy can refer to.
   */
  record Corpus(List<CorpusFile> files, BundleSource shipped, List<SourceText> declarations) {
    static Corpus load() {
      List<CorpusFile> files = new ArrayList<>();
      for (Path path : ShippedPolicies.files(".pol", ".poltest", ".json")) {
        String name = path.getFileName().toString();
        Kind kind = name.endsWith(".pol") ? Kind.POLICY
            : name.endsWith(".poltest") ? Kind.TEST
            : name.equals(BundleLoader.MANIFEST) ? Kind.MANIFEST
            : Kind.DATA;
        files.add(new CorpusFile(kind, path.toString(), ShippedPolicies.read(path)));
      }
      files.add(new CorpusFile(Kind.TEST, "seed.poltest", resource("/fuzz/seed.poltest")));
      BundleSource shipped;
      try {
        shipped = BundleLoader.load(ShippedPolicies.directory());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      List<SourceText> declarations = shipped.policies().stream()
          .filter(f -> PolicyParser.parsePolicyFile(f.path(), f.text()).tree()
              .map(tree -> tree.declarations().stream().noneMatch(PolicyElement.class::isInstance))
              .orElse(false))
          .toList();
      return new Corpus(List.copyOf(files), shipped, declarations);
    }

    /** The shipped schema, definitions and data, and {@code file}. */
    BundleSource declarationsWith(SourceText file) {
      List<SourceText> policies = new ArrayList<>(declarations);
      policies.add(file);
      return new BundleSource(shipped.root(), shipped.manifest(), policies, List.of(), shipped.data(), List.of());
    }

    /** The shipped bundle with {@code file} in place of the shipped file of its path, or added to it. */
    BundleSource bundleWith(Kind kind, SourceText file) {
      List<SourceText> policies = replace(shipped.policies(), kind == Kind.POLICY ? file : null);
      List<SourceText> tests = kind == Kind.TEST ? List.of(file) : List.of();
      List<SourceText> data = replace(shipped.data(), kind == Kind.DATA ? file : null);
      Optional<SourceText> manifest = kind == Kind.MANIFEST ? Optional.of(file) : shipped.manifest();
      return new BundleSource(shipped.root(), manifest, policies, tests, data, List.of());
    }

    /** A bundle of {@code file} alone. */
    BundleSource bundleOfOnly(Kind kind, SourceText file) {
      return new BundleSource("<memory>",
          kind == Kind.MANIFEST ? Optional.of(file) : Optional.empty(),
          kind == Kind.POLICY ? List.of(file) : List.of(),
          kind == Kind.TEST ? List.of(file) : List.of(),
          kind == Kind.DATA ? List.of(file) : List.of(),
          List.of());
    }

    private static List<SourceText> replace(List<SourceText> shippedFiles, SourceText replacement) {
      if (replacement == null) {
        return shippedFiles;
      }
      List<SourceText> files = new ArrayList<>(shippedFiles.stream().filter(f -> !f.path().equals(replacement.path())).toList());
      files.add(replacement);
      return files;
    }

    private static String resource(String name) {
      try {
        return Files.readString(Path.of(Objects.requireNonNull(ParserFuzzTest.class.getResource(name)).toURI()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (java.net.URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The grammar's vocabulary, read from the generated lexer, plus samples of its variable tokens. */
  static final class Vocabulary {
    private static final List<String> TOKENS = tokens();
    private static final String CHARACTERS =
        "{}[]()<>=!+-*/.,:;@?\"'\\`#$%^&|~_aZ09\n\r\t\f \u0000\u007f\u00a0é中\u2028\uFEFF\uFF0E\uD83D\uDE00\uD800";

    private Vocabulary() {}

    static String token(int choice) {
      return TOKENS.get(choice % TOKENS.size());
    }

    static String character(int choice) {
      return String.valueOf(CHARACTERS.charAt(choice % CHARACTERS.length()));
    }

    private static List<String> tokens() {
      List<String> tokens = new ArrayList<>();
      for (int type = 1; type <= PolLexer.VOCABULARY.getMaxTokenType(); type++) {
        String literal = PolLexer.VOCABULARY.getLiteralName(type);
        if (literal != null) {
          tokens.add(literal.substring(1, literal.length() - 1)); // quoted as 'if'
        }
      }
      tokens.addAll(List.of(
          // identifiers, names of the shipped bundle, and numbers at the edges of 64 bits
          "x", "_a9", "tool", "common", "mcp.common", "common.same_tenant", "resource.risk", "subject.roles",
          "context.time", "hour(context.time)", "data.sandbox_root", "tool::\"read_file\"", "deny-overrides",
          "0", "42", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "99999999999999999999999",
          "1.5", "0.0", "1.00000000000000000000001",
          // strings: plain, escaped, badly escaped, unterminated
          "\"s\"", "\"\"", "\"\\u00e9\"", "\"\\u12\"", "\"\\uZZZZ\"", "\"\\q\"", "\"\\\"\"", "\"a\\nb\"", "\"abc", "\"\\",
          // comments, whole and broken
          "// c\n", "/* c */", "/*", "*/", "/* /* */ */",
          // characters the grammar does not know
          "#", "$", "!", "&", "|", "\\", "'", "`", "é", "\u0000", "\uFEFF", "\u2028", "?", ";", "%", "^", "~"));
      return List.copyOf(tokens);
    }
  }

  /** Inputs in failure messages, written as a Java string literal so that they can become a test. */
  static final class Escapes {
    private static final int SHOWN = 20_000;

    private Escapes() {}

    static String java(String text) {
      StringBuilder out = new StringBuilder("\"");
      text.chars().limit(SHOWN).forEach(c -> out.append(switch (c) {
        case '"' -> "\\\"";
        case '\\' -> "\\\\";
        case '\n' -> "\\n";
        case '\t' -> "\\t";
        case '\r' -> "\\r";
        default -> c < 0x20 || c >= 0x7f ? String.format("\\u%04x", c) : String.valueOf((char) c);
      }));
      out.append('"');
      return text.length() > SHOWN ? out + " ... (" + text.length() + " characters in all)" : out.toString();
    }
  }
}
