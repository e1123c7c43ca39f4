package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.policy.bundle.BundleLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code arbiter} command line on bundles written to a temporary directory. */
class CliTest {
  private static final String SCHEMA = """
      package app.schema

      schema {
        subject user {
          tenant: string,
          level: int,
        }
        resource document {
          tenant: string,
        }
        action "read"
      }
      """;

  private static final String POLICY = """
      package app

      policy "p" {
        permit "same-tenant" when subject.tenant == resource.tenant
      }
      """;

  private static final String TESTS = """
      test "same tenant" {
        subject user "alice" {tenant: "acme", level: 1}
        action "read"
        resource document "d" {tenant: "acme"}
        expect permit reason "p/same-tenant"
      }

      test "other tenant" {
        subject user "bob" {tenant: "globex", level: 1}
        action "read"
        resource document "d" {tenant: "acme"}
        expect not_applicable
      }
      """;

  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {}

  @Test
  void checkAcceptsTheShippedBundle() throws IOException {
    Path policies = Path.of(System.getProperty("arbiter.repository.root"), "policies");
    int bundles = BundleLoader.discover(policies).size();

    Run run = arbiter("check", policies.toString());

    assertThat(bundles).as("the shipped bundle and its examples").isGreaterThan(1);
    assertThat(run).isEqualTo(new Run(0, "", "checked " + bundles + " bundles: 0 errors, 0 warnings\n"));
  }

  @Test
  void checkPrintsEachErrorWithItsSourceLineAndACaret() throws IOException {
    bundle(dir, "package app\n\npolicy \"p\" {\n  permit when subject.levl > 3\n}\n");

    Run run = arbiter("check", dir.toString());

    assertThat(run).isEqualTo(new Run(1, dir.resolve("policy.pol") + ":4:15: E020: unknown attribute `levl` of "
        + "`subject` (user); it has level, tenant; did you mean `level`?\n"
        + "    4 |   permit when subject.levl > 3\n"
        + "      |               ^^^^^^^^^^^^\n",
        "checked 1 bundle: 1 error, 0 warnings\n"));
  }

  @Test
  void checkPrintsJsonOnRequest() throws IOException {
    bundle(dir, "package app\n\npolicy \"p\" {\n  permit when subject.level == \"3\"\n}\n");

    Run run = arbiter("check", "--format", "json", dir.toString());

    assertThat(run).isEqualTo(new Run(1, "[{\"file\":\"" + dir.resolve("policy.pol") + "\",\"line\":4,\"column\":15,"
        + "\"endLine\":4,\"endColumn\":34,\"code\":\"E021\",\"severity\":\"error\","
        + "\"message\":\"`==` compares values of one type; found int and string\"}]\n", ""));
  }

  @Test
  void strictFailsOnWarnings() throws IOException {
    bundle(dir, "package app\n\ndef admin = subject.level > 3\n\n" + POLICY.substring("package app\n\n".length()));
    String warning = dir.resolve("policy.pol") + ":3:1: warning: W006: definition `admin` is not used\n"
        + "    3 | def admin = subject.level > 3\n"
        + "      | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n";

    assertThat(arbiter("check", dir.toString()))
        .isEqualTo(new Run(0, warning, "checked 1 bundle: 0 errors, 1 warning\n"));
    assertThat(arbiter("check", "--strict", dir.toString()))
        .isEqualTo(new Run(1, warning, "checked 1 bundle: 0 errors, 1 warning\n"));
  }

  @Test
  void aPathThatDoesNotExistIsAUsageError() {
    Path missing = dir.resolve("nope");

    Run run = arbiter("check", missing.toString());

    assertThat(run).isEqualTo(new Run(2, "", "arbiter: no such file or directory: " + missing + "\n"));
  }

  @Test
  void checkWithoutAPathIsAUsageError() {
    Run run = arbiter("check");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("Missing required parameter: 'PATH'\nUsage: arbiter check");
  }

  @Test
  void discoveryChecksEveryNestedBundleOnItsOwn() throws IOException {
    // Both bundles declare the same schema and policy id; checked together they would clash.
    bundle(dir, POLICY);
    Path nested = dir.resolve("teams/billing");
    bundle(nested, POLICY.replace("resource.tenant", "resource.tenantt"));

    Run run = arbiter("check", dir.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).startsWith(nested.resolve("policy.pol") + ":4:47: E020: unknown attribute `tenantt` of "
        + "`resource` (document); it has tenant; did you mean `tenant`?\n");
    assertThat(run.err()).isEqualTo("checked 2 bundles: 1 error, 0 warnings\n");
  }

  @Test
  void fmtCheckListsTheFilesThatAreNotFormatted() throws IOException {
    Path ugly = write(dir.resolve("ugly.pol"), "package app\npolicy   \"p\"{permit when subject.level>3   }\n");
    write(dir.resolve("tidy.pol"), POLICY);

    assertThat(arbiter("fmt", "--check", dir.toString()))
        .isEqualTo(new Run(1, ugly + ": not formatted\n", "2 files: 1 not formatted, 0 with syntax errors\n"));
    assertThat(arbiter("fmt", "--check", dir.resolve("tidy.pol").toString()))
        .isEqualTo(new Run(0, "", "1 file: 0 not formatted, 0 with syntax errors\n"));
  }

  @Test
  void fmtRewritesAFileToTheCanonicalLayout() throws IOException {
    Path ugly = write(dir.resolve("ugly.pol"), "package app\npolicy   \"p\"{permit when subject.level>3   }\n");

    assertThat(arbiter("fmt", ugly.toString()))
        .isEqualTo(new Run(0, ugly + ": formatted\n", "1 file: 1 reformatted, 0 with syntax errors\n"));
    assertThat(Files.readString(ugly)).isEqualTo("""
        package app

        policy "p" {
          permit when subject.level > 3
        }
        """);
    assertThat(arbiter("fmt", "--check", ugly.toString()).exitCode()).isZero();
  }

  @Test
  void fmtLeavesAFileWithASyntaxErrorAlone() throws IOException {
    String text = "package app\n\npolicy \"p\" {\n  permit when (subject.level > 3\n}\n";
    Path broken = write(dir.resolve("broken.pol"), text);

    Run run = arbiter("fmt", broken.toString());

    assertThat(run).isEqualTo(new Run(1, broken + ":5:1: E001: unexpected `}`; expected `)`\n"
        + "    5 | }\n"
        + "      | ^\n",
        "1 file: 0 reformatted, 1 with syntax errors\n"));
    assertThat(Files.readString(broken)).isEqualTo(text);
  }

  @Test
  void testRunsTheTestsOfABundleAndReportsCoverage() throws IOException {
    bundle(dir, POLICY);
    write(dir.resolve("policy.poltest"), TESTS);

    Run run = arbiter("test", dir.toString());

    assertThat(run).isEqualTo(new Run(0, dir + ": 2 passed, 0 failed; rule coverage 1/1 (100%)\n"
        + "2 passed, 0 failed\n", ""));
  }

  @Test
  void testFailsOnAWrongExpectationAndSaysWhatHappened() throws IOException {
    bundle(dir, POLICY);
    write(dir.resolve("policy.poltest"), TESTS.replace("expect not_applicable", "expect permit"));

    Run run = arbiter("test", dir.toString());

    assertThat(run).isEqualTo(new Run(1, dir.resolve("policy.poltest") + ":8:1: E051: test `other tenant`: "
        + "expected permit, got not_applicable\n"
        + "    8 | test \"other tenant\" {\n"
        + "      | ^\n"
        + dir + ": 1 passed, 1 failed; rule coverage 1/1 (100%)\n"
        + "1 passed, 1 failed\n", ""));
  }

  @Test
  void testReportsRulesNoTestApplies() throws IOException {
    bundle(dir, POLICY.replace("}\n", "  deny \"low-level\" when subject.level < 0\n}\n"));
    write(dir.resolve("policy.poltest"), TESTS);

    Run run = arbiter("test", "--min-coverage", "100", dir.toString());

    assertThat(run).isEqualTo(new Run(1, dir + ": 2 passed, 0 failed; rule coverage 1/2 (50%)\n"
        + "  rules no test applies: p/low-level\n"
        + "2 passed, 0 failed\n", ""));
  }

  @Test
  void testDoesNotRunTheTestsOfABundleWithErrors() throws IOException {
    bundle(dir, POLICY);
    write(dir.resolve("policy.poltest"), TESTS.replace("expect not_applicable", "expect allow"));

    Run run = arbiter("test", dir.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).startsWith(dir.resolve("policy.poltest") + ":12:3: E050: unknown decision `allow`; expected "
        + "permit, deny, not_applicable or indeterminate\n"
        + "   12 |   expect allow\n"
        + "      |   ^^^^^^^^^^^^\n"
        + dir + ": tests not run, the bundle has errors\n");
  }

  @Test
  void evalPrintsTheDecisionAsJson() throws IOException {
    Path bundle = dir.resolve("bundle");
    bundle(bundle, POLICY);
    Path request = write(dir.resolve("request.json"), REQUEST);

    Run run = arbiter("eval", "--compact", "--request", request.toString(), bundle.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("{\"decision\":\"permit\",\"obligations\":[],\"advice\":[],"
        + "\"reasons\":[{\"policy\":\"p\",\"rule\":\"same-tenant\",\"effect\":\"permit\"}],\"errors\":[],\"revision\":\"");
  }

  @Test
  void evalRefusesAnInvalidRequestAndSaysWhy() throws IOException {
    Path bundle = dir.resolve("bundle");
    bundle(bundle, POLICY);
    Path request = write(dir.resolve("request.json"), REQUEST.replace("\"level\": 1", "\"level\": \"high\""));

    Run run = arbiter("eval", "--request", request.toString(), bundle.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo(request + ": `subject.properties.level` must be int, found string \"high\"\n");
  }

  @Test
  void explainShowsTheStepsAndTheReasons() throws IOException {
    Path bundle = dir.resolve("bundle");
    bundle(bundle, POLICY);
    Path request = write(dir.resolve("request.json"), REQUEST);

    Run run = arbiter("explain", "--request", request.toString(), bundle.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("rule \"p/same-tenant\": permit (condition holds)",
        "decision: permit", "reason: p/same-tenant (permit)");
  }

  @Test
  void explainDotDrawsTheDecisionStructure() throws IOException {
    Path bundle = dir.resolve("bundle");
    bundle(bundle, POLICY);

    Run run = arbiter("explain", "--dot", bundle.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("digraph \"bundle\" {")
        .contains("label=\"policy \\\"p\\\"").contains("when subject.tenant == resource.tenant").endsWith("}\n");
  }

  private static final String REQUEST = """
      {"subject": {"type": "user", "id": "alice", "properties": {"tenant": "acme", "level": 1}},
       "action": {"name": "read"},
       "resource": {"type": "document", "id": "d", "properties": {"tenant": "acme"}}}
      """;

  // ---------------------------------------------------------------- helpers

  private static Run arbiter(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = ArbiterCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exitCode, unix(out.toString()), unix(err.toString()));
  }

  /** {@code println} ends lines the platform's way; the diagnostics end them with {@code \n}. */
  private static String unix(String text) {
    return text.replace(System.lineSeparator(), "\n");
  }

  /** A bundle directory: a manifest, the schema and one policy file. */
  private static void bundle(Path root, String policy) throws IOException {
    write(root.resolve("bundle.json"), "{\"name\": \"" + root.getFileName() + "\"}\n");
    write(root.resolve("schema.pol"), SCHEMA);
    write(root.resolve("policy.pol"), policy);
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
