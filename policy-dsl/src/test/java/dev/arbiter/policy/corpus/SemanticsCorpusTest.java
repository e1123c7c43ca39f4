package dev.arbiter.policy.corpus;

import static org.junit.jupiter.api.Assertions.fail;

import dev.arbiter.policy.bundle.BundleSource;
import dev.arbiter.policy.check.CheckResult;
import dev.arbiter.policy.check.CheckedBundle;
import dev.arbiter.policy.check.Checker;
import dev.arbiter.policy.compile.CompiledBundle;
import dev.arbiter.policy.compile.Compiler;
import dev.arbiter.policy.decision.AuthorizationResult;
import dev.arbiter.policy.decision.Obligation;
import dev.arbiter.policy.decision.Problem;
import dev.arbiter.policy.decision.Reason;
import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.diagnostic.SourceText;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonArray;
import dev.arbiter.policy.json.Json.JsonNumber;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import dev.arbiter.policy.json.JsonReader;
import dev.arbiter.policy.request.RequestJson;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * The semantics corpus: every case of every {@code corpus/*.json} file, one dynamic test each. The
 * format is described in {@code corpus/README.md}. A case builds a bundle in memory, checks,
 * compiles, reads its request against the schema, evaluates, and compares with what it expects.
 */
class SemanticsCorpusTest {
  private static final JsonReader READER = new JsonReader(JsonReader.Limits.DATA);
  private static final Set<String> FILE_KEYS = Set.of("description", "bundles", "requests", "cases");
  private static final Set<String> BUNDLE_KEYS = Set.of("extends", "policies", "data", "manifest");
  private static final Set<String> CASE_KEYS = Set.of("name", "note", "bundle", "policies", "data", "manifest",
      "condition", "request", "requestText", "decision", "obligations", "advice", "reasons", "errors", "warnings",
      "error", "requestError", "knownBug");
  private static final Set<String> ERROR_KEYS = Set.of("code", "file", "line", "column", "message");
  /** The file a {@code condition} case's policy is written to; the condition starts on line 4, column 19. */
  static final String CONDITION_FILE = "case.pol";

  @TestFactory
  Stream<DynamicNode> corpus() throws IOException, URISyntaxException {
    Path directory = Path.of(SemanticsCorpusTest.class.getResource("/corpus").toURI());
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files = listing.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    }
    List<DynamicNode> nodes = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      List<CorpusCase> cases;
      try {
        cases = CorpusCase.read(name, Files.readString(file));
      } catch (RuntimeException e) {
        nodes.add(DynamicTest.dynamicTest(name, () -> fail(name + " is not a valid corpus file: " + e.getMessage(), e)));
        continue;
      }
      nodes.add(DynamicContainer.dynamicContainer(name,
          cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)))));
    }
    return nodes.stream();
  }

  private static void run(CorpusCase c) {
    List<String> failures;
    try {
      failures = outcome(c);
    } catch (RuntimeException | StackOverflowError e) {
      // checking, compiling and evaluating never throw for any bundle or request: that is a failure too
      failures = List.of("threw " + e + Stream.of(e.getStackTrace())
          .filter(frame -> frame.getClassName().startsWith("dev.arbiter.policy."))
          .limit(6).map(frame -> "\n      at " + frame).collect(Collectors.joining()));
    }
    if (c.knownBug().isPresent()) {
      if (failures.isEmpty()) {
        fail(c.label() + ": marked knownBug (\"" + c.knownBug().get() + "\") but now passes; remove the marker");
      }
      System.out.println("SKIPPED " + c.label() + " — known bug: " + c.knownBug().get()
          + "\n  " + String.join("\n  ", failures));
      throw new TestAbortedException("known bug: " + c.knownBug().get());
    }
    if (!failures.isEmpty()) {
      fail(c.label() + "\n  " + String.join("\n  ", failures));
    }
  }

  /** Runs a case; what went differently from its expectation, empty when nothing did. */
  private static List<String> outcome(CorpusCase c) {
    CheckResult checked = Checker.check(c.source());
    List<Diagnostic> errors = checked.errors();
    if (c.checkError().isPresent()) {
      return c.checkError().get().compare(errors);
    }
    if (!errors.isEmpty()) {
      return List.of("expected the bundle to check, but: " + errors);
    }
    List<String> warnings = checked.diagnostics().stream().filter(d -> !d.isError())
        .map(d -> d.code().id() + ": " + d.message()).toList();
    if (c.warnings().isPresent() && !matches(c.warnings().get(), warnings)) {
      return List.of("warnings: expected " + c.warnings().get() + ", found " + warnings);
    }
    CheckedBundle bundle = checked.bundle().orElseThrow();
    RequestJson.Result read = c.request() instanceof JsonString raw
        ? RequestJson.read(raw.value(), bundle.schema())
        : RequestJson.read(c.request(), bundle.schema());
    int inputLength = c.request() instanceof JsonString raw ? raw.value().length() : render(c.request()).length();
    List<String> amplified = amplified(read instanceof RequestJson.Invalid invalid ? invalid.problems() : List.of(), inputLength);
    if (!amplified.isEmpty()) {
      return amplified;
    }
    if (c.requestError().isPresent()) {
      String expected = c.requestError().get();
      return switch (read) {
        case RequestJson.Invalid invalid when invalid.problems().stream().anyMatch(p -> p.contains(expected)) -> List.of();
        case RequestJson.Invalid invalid -> List.of("expected a request problem containing `" + expected + "`, found "
            + invalid.problems());
        case RequestJson.Valid valid -> List.of("expected the request to be rejected with `" + expected
            + "`, but it was accepted: " + valid.request());
      };
    }
    if (!(read instanceof RequestJson.Valid valid)) {
      return List.of("expected a valid request, but: " + ((RequestJson.Invalid) read).problems());
    }
    CompiledBundle compiled = Compiler.compile(bundle);
    AuthorizationResult result = compiled.evaluate(valid.request());
    List<String> failures = new ArrayList<>(c.expected().compare(result));
    failures.addAll(amplified(result.problems().stream().map(Problem::toString).toList(), inputLength));
    if (!failures.isEmpty()) {
      List<String> report = new ArrayList<>(failures);
      report.add("expected: " + c.expected());
      report.add("actual:   " + describe(result));
      report.add("trace:\n      " + compiled.evaluate(valid.request(), true).trace().orElseThrow().render()
          .replace("\n", "\n      ").stripTrailing());
      return report;
    }
    return List.of();
  }

  /**
   * Messages must not amplify their input: a request is small (see {@code JsonReader.Limits.REQUEST}),
   * so no message about it may be much larger than the request itself.
   */
  private static List<String> amplified(List<String> messages, int inputLength) {
    int limit = Math.max(1_000, 2 * inputLength);
    return messages.stream().filter(m -> m.length() > limit)
        .map(m -> "a message of " + m.length() + " characters about a request of " + inputLength + ": "
            + m.substring(0, 120) + "…")
        .toList();
  }

  static String describe(AuthorizationResult result) {
    return "decision=" + result.decision().name().toLowerCase(Locale.ROOT)
        + " reasons=" + result.reasons().stream().map(Reason::id).toList()
        + " obligations=" + result.obligations()
        + " advice=" + result.advice()
        + " problems=" + result.problems();
  }

  // ---------------------------------------------------------------- expectations

  /** What evaluating a request must give. Absent lists are not compared; absent {@code errors} means none. */
  record Expected(String decision, Optional<List<String>> obligations, Optional<List<String>> advice,
      Optional<List<String>> reasons, Json errors) {

    List<String> compare(AuthorizationResult result) {
      List<String> failures = new ArrayList<>();
      String actual = result.decision().name().toLowerCase(Locale.ROOT);
      if (!decision.equals(actual)) {
        failures.add("decision: expected " + decision + ", found " + actual);
      }
      compareList("obligations", obligations, result.obligations().stream().map(Obligation::toString).toList(), failures);
      compareList("advice", advice, result.advice().stream().map(Obligation::toString).toList(), failures);
      compareList("reasons", reasons, result.reasons().stream().map(Reason::id).toList(), failures);
      List<String> problems = result.problems().stream().map(Problem::toString).toList();
      switch (errors) {
        case null -> {
          if (!problems.isEmpty()) {
            failures.add("errors: expected none, found " + problems);
          }
        }
        case JsonNumber n when problems.size() != n.value().intValue() ->
            failures.add("errors: expected " + n.value() + ", found " + problems);
        case JsonString s when problems.isEmpty() || !problems.stream().allMatch(p -> p.contains(s.value())) ->
            failures.add("errors: expected each to contain `" + s.value() + "`, found " + problems);
        case JsonArray a when !matches(strings(a), problems) ->
            failures.add("errors: expected problems containing " + strings(a) + " in order, found " + problems);
        default -> {}
      }
      return failures;
    }

    private static void compareList(String what, Optional<List<String>> expected, List<String> actual, List<String> failures) {
      if (expected.isPresent() && !expected.get().equals(actual)) {
        failures.add(what + ": expected " + expected.get() + ", found " + actual);
      }
    }

    @Override
    public String toString() {
      return "decision=" + decision
          + reasons.map(r -> " reasons=" + r).orElse("")
          + obligations.map(o -> " obligations=" + o).orElse("")
          + advice.map(a -> " advice=" + a).orElse("")
          + " errors=" + (errors == null ? "none" : render(errors));
    }
  }

  /** A diagnostic the checker must report: the only error, with this code and, when given, place and message. */
  record CheckError(String code, Optional<String> file, Optional<Integer> line, Optional<Integer> column,
      Optional<String> message) {

    List<String> compare(List<Diagnostic> errors) {
      if (errors.size() != 1) {
        return List.of("expected exactly one error " + this + ", found " + errors);
      }
      Diagnostic d = errors.getFirst();
      boolean ok = d.code().id().equals(code)
          && file.map(f -> f.equals(d.location().file())).orElse(true)
          && line.map(l -> l == d.location().line()).orElse(true)
          && column.map(col -> col == d.location().column()).orElse(true)
          && message.map(m -> d.message().contains(m)).orElse(true);
      return ok ? List.of() : List.of("expected error " + this + ", found " + d);
    }

    @Override
    public String toString() {
      return code + file.map(f -> " in " + f).orElse("") + line.map(l -> " at line " + l).orElse("")
          + column.map(col -> " column " + col).orElse("") + message.map(m -> " containing `" + m + "`").orElse("");
    }
  }

  // ---------------------------------------------------------------- reading cases

  /** One case, resolved against its file's shared bundles and requests. */
  record CorpusCase(String file, String name, BundleSource source, Json request, Expected expected,
      Optional<List<String>> warnings, Optional<CheckError> checkError, Optional<String> requestError,
      Optional<String> knownBug) {

    String label() {
      return file + " › " + name;
    }

    static List<CorpusCase> read(String file, String text) {
      JsonObject root = object(parse(file, text), file);
      requireKeys(root, FILE_KEYS, file);
      Map<String, JsonObject> bundles = new TreeMap<>();
      optionalObject(root, "bundles").ifPresent(o -> o.members().forEach((name, bundle) -> {
        JsonObject b = object(bundle, file + " bundle " + name);
        requireKeys(b, BUNDLE_KEYS, file + " bundle " + name);
        bundles.put(name, b);
      }));
      JsonObject requests = optionalObject(root, "requests").orElse(new JsonObject(Map.of(), 0, 0));
      List<CorpusCase> cases = new ArrayList<>();
      Set<String> names = new java.util.HashSet<>();
      if (!(root.members().get("cases") instanceof JsonArray array)) {
        throw new IllegalArgumentException(file + ": `cases` must be an array");
      }
      for (Json element : array.elements()) {
        CorpusCase c = one(file, object(element, file + " case"), bundles, requests);
        if (!names.add(c.name())) {
          throw new IllegalArgumentException(file + ": two cases are named `" + c.name() + "`");
        }
        cases.add(c);
      }
      return cases;
    }

    private static CorpusCase one(String file, JsonObject c, Map<String, JsonObject> bundles, JsonObject requests) {
      String name = string(c, "name").orElseThrow(() -> new IllegalArgumentException(file + ": a case needs a `name`"));
      String where = file + " › " + name;
      requireKeys(c, CASE_KEYS, where);

      // files: the shared bundle's, then the case's own (which replace any of the same name)
      Map<String, String> policies = new TreeMap<>();
      Map<String, String> data = new TreeMap<>();
      Optional<String> manifest = Optional.empty();
      // layers, most general first: the bundle a bundle extends, the bundle, the case
      List<JsonObject> layers = new ArrayList<>(List.of(c));
      Optional<String> next = string(c, "bundle");
      while (next.isPresent()) {
        String b = next.get();
        JsonObject bundle = Optional.ofNullable(bundles.get(b))
            .orElseThrow(() -> new IllegalArgumentException(where + ": no bundle `" + b + "` in this file"));
        if (layers.contains(bundle)) {
          throw new IllegalArgumentException(where + ": bundle `" + b + "` extends itself");
        }
        layers.addFirst(bundle);
        next = string(bundle, "extends");
      }
      for (JsonObject layer : layers) {
        optionalObject(layer, "policies").ifPresent(p -> p.members().forEach((k, v) -> policies.put(k, text(v, where))));
        optionalObject(layer, "data").ifPresent(d -> d.members().forEach((k, v) -> data.put(k, text(v, where))));
        if (layer.members().containsKey("manifest")) {
          manifest = Optional.of(text(layer.members().get("manifest"), where));
        }
      }
      string(c, "condition").ifPresent(condition -> policies.put(CONDITION_FILE,
          "package corpus.condition\n\npolicy \"p\" {\n  permit \"r\" when " + condition + "\n}\n"));
      if (policies.isEmpty()) {
        throw new IllegalArgumentException(where + ": no policies");
      }
      BundleSource source = new BundleSource("corpus", manifest.map(m -> new SourceText("bundle.json", m)),
          policies.entrySet().stream().map(e -> new SourceText(e.getKey(), e.getValue())).toList(), List.of(),
          data.entrySet().stream().map(e -> new SourceText(e.getKey(), e.getValue())).toList(), List.of());

      Json request = c.members().containsKey("requestText")
          ? c.members().get("requestText")
          : switch (c.members().getOrDefault("request", new JsonString("default", 0, 0))) {
            case JsonString named -> Optional.ofNullable(requests.members().get(named.value()))
                .orElseThrow(() -> new IllegalArgumentException(where + ": no request `" + named.value() + "` in this file"));
            case JsonObject inline -> inline;
            case Json other -> throw new IllegalArgumentException(where + ": `request` is an object or a request's name");
          };

      Optional<CheckError> checkError = optionalObject(c, "error").map(e -> {
        requireKeys(e, ERROR_KEYS, where + " error");
        return new CheckError(string(e, "code").orElseThrow(), string(e, "file"), integer(e, "line"),
            integer(e, "column"), string(e, "message"));
      });
      Optional<String> requestError = string(c, "requestError");
      Optional<String> decision = string(c, "decision");
      int kinds = (decision.isPresent() ? 1 : 0) + (checkError.isPresent() ? 1 : 0) + (requestError.isPresent() ? 1 : 0);
      if (kinds != 1) {
        throw new IllegalArgumentException(where + ": a case expects exactly one of `decision`, `error` and `requestError`");
      }
      decision.ifPresent(d -> {
        if (!Set.of("permit", "deny", "not_applicable", "indeterminate").contains(d)) {
          throw new IllegalArgumentException(where + ": unknown decision `" + d + "`");
        }
      });
      Json errors = c.members().get("errors");
      if (errors != null && !(errors instanceof JsonNumber || errors instanceof JsonString || errors instanceof JsonArray)) {
        throw new IllegalArgumentException(where + ": `errors` is a number, a string or an array of strings");
      }
      Expected expected = new Expected(decision.orElse(""), list(c, "obligations"), list(c, "advice"),
          list(c, "reasons"), c.members().get("errors"));
      return new CorpusCase(file, name, source, request, expected, list(c, "warnings"), checkError, requestError,
          string(c, "knownBug"));
    }
  }

  /** As many messages as expected, each containing the expected text at its position. */
  private static boolean matches(List<String> expected, List<String> actual) {
    if (expected.size() != actual.size()) {
      return false;
    }
    for (int i = 0; i < expected.size(); i++) {
      if (!actual.get(i).contains(expected.get(i))) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- JSON helpers

  private static Json parse(String file, String text) {
    return switch (READER.read(text)) {
      case JsonReader.Parsed parsed -> parsed.json();
      case JsonReader.Failed failed -> throw new IllegalArgumentException(file + ":" + failed.failure().line() + ":"
          + failed.failure().column() + ": " + failed.failure().message());
    };
  }

  private static JsonObject object(Json json, String where) {
    if (json instanceof JsonObject o) {
      return o;
    }
    throw new IllegalArgumentException(where + ": expected an object, found " + json.kind());
  }

  private static void requireKeys(JsonObject object, Set<String> allowed, String where) {
    for (String key : object.members().keySet()) {
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(where + ": unknown key `" + key + "`; expected one of " + new java.util.TreeSet<>(allowed));
      }
    }
  }

  private static Optional<JsonObject> optionalObject(JsonObject object, String key) {
    return Optional.ofNullable(object.members().get(key)).map(j -> object(j, key));
  }

  private static Optional<String> string(JsonObject object, String key) {
    return Optional.ofNullable(object.members().get(key)).map(j -> {
      if (j instanceof JsonString s) {
        return s.value();
      }
      throw new IllegalArgumentException("`" + key + "` must be a string, found " + j.kind());
    });
  }

  private static Optional<Integer> integer(JsonObject object, String key) {
    return Optional.ofNullable(object.members().get(key)).map(j -> ((JsonNumber) j).value().intValue());
  }

  private static Optional<List<String>> list(JsonObject object, String key) {
    return Optional.ofNullable(object.members().get(key)).map(j -> strings((JsonArray) j));
  }

  private static List<String> strings(JsonArray array) {
    return array.elements().stream().map(e -> ((JsonString) e).value()).toList();
  }

  /** A file's text: a string, or an array of lines (easier to read in JSON); an object is written back as JSON. */
  private static String text(Json json, String where) {
    return switch (json) {
      case JsonString s -> s.value();
      case JsonArray lines when lines.elements().stream().allMatch(JsonString.class::isInstance) ->
          String.join("\n", strings(lines)) + "\n";
      case JsonObject object -> render(object);
      default -> throw new IllegalArgumentException(where + ": a file is a string, an array of lines or a JSON object");
    };
  }

  /** JSON text of a tree, for data files and manifests written inline as JSON. */
  static String render(Json json) {
    return switch (json) {
      case JsonObject o -> {
        StringBuilder out = new StringBuilder("{");
        o.members().forEach((k, v) -> out.append(out.length() == 1 ? "" : ", ").append(quote(k)).append(": ").append(render(v)));
        yield out.append('}').toString();
      }
      case JsonArray a -> {
        StringBuilder out = new StringBuilder("[");
        a.elements().forEach(e -> out.append(out.length() == 1 ? "" : ", ").append(render(e)));
        yield out.append(']').toString();
      }
      case JsonString s -> quote(s.value());
      case JsonNumber n -> n.value() instanceof java.math.BigDecimal d ? d.toString() : n.value().toString();
      case Json.JsonBoolean b -> String.valueOf(b.value());
      case Json.JsonNull n -> "null";
    };
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return out.append('"').toString();
  }
}
