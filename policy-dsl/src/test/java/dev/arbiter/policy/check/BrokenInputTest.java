package dev.arbiter.policy.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.policy.bundle.BundleSource;
import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.diagnostic.SourceText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Broken bundles and the exact diagnostic each must produce: code, file, line, column and message.
 * Most cases add one {@code policy.pol} to a shared schema; {@link #condition} puts an expression
 * on line 4 with its first character in column 15.
 */
class BrokenInputTest {
  private static final String SCHEMA = """
      package app.schema

      schema {
        subject user {
          roles: set<string>,
          tenant: string,
          level: int,
          nickname?: string,
        }
        resource document in [folder] {
          owner: string,
          tenant: string,
          size: int,
        }
        resource folder {
          tenant: string,
        }
        action "read", "write"
        context {
          time: datetime,
          ip?: ip,
        }
        obligation audit(level: string)
      }
      """;

  /** A policy with one rule, which the test files below refer to. */
  private static final String TESTED_POLICY = """
      package app

      policy "p" {
        permit "r" when subject.tenant == resource.tenant
      }
      """;

  /** A minimal policy, for cases whose problem is elsewhere. */
  private static final String PERMIT_ALL = """
      package app

      policy "p" {
        permit
      }
      """;

  record Expected(String code, String file, int line, int column, String message) {
    static Expected of(Diagnostic diagnostic) {
      return new Expected(diagnostic.code().id(), diagnostic.location().file(), diagnostic.location().line(),
          diagnostic.location().column(), diagnostic.message());
    }
  }

  record Case(String name, BundleSource bundle, Expected expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void reportsTheFirstErrorExactly(Case c) {
    assertFirstError(c.bundle(), c.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("warnings")
  void reportsTheWarningExactlyAndStillChecksTheBundle(Case c) {
    CheckResult result = Checker.check(c.bundle());
    assertThat(result.errors()).isEmpty();
    assertThat(result.bundle()).isPresent();
    assertThat(result.diagnostics().stream()
        .filter(d -> d.code().id().equals(c.expected().code()))
        .map(Expected::of)
        .findFirst())
        .contains(c.expected());
  }

  /** The corrected forms of some broken conditions above check without a single diagnostic. */
  @ParameterizedTest
  @ValueSource(strings = {
      "subject has nickname and subject.nickname == \"bob\"",
      "context has ip and isPrivate(context.ip)",
      "resource is document and resource.size > 10",
      "resource.type == \"document\" and resource.size > 10",
      "not (subject has nickname) or subject.nickname == \"bob\"",
      "subject.level > -9223372036854775808",
      "hour(context.time, \"Europe/Berlin\") in 8..17",
  })
  void acceptsTheCorrectedConditions(String condition) {
    CheckResult result = Checker.check(condition(condition));
    assertThat(result.diagnostics()).isEmpty();
    assertThat(result.bundle()).isPresent();
  }

  /**
   * The exact location of this case is a known bug (see {@link #deepNestingPointsAtTheFirstLevelBeyondTheLimit});
   * what must hold regardless is that 10,000 levels end in E007, not in a StackOverflowError.
   */
  @Test
  void tenThousandNestedParenthesesAreRefusedWithoutExhaustingTheStack() {
    CheckResult result = Checker.check(condition(nested(10_000)));
    assertThat(result.bundle()).isEmpty();
    assertThat(result.errors()).singleElement().satisfies(d -> {
      assertThat(d.code().id()).isEqualTo("E007");
      assertThat(d.message()).isEqualTo("expression nests deeper than the limit of 100 levels");
    });
  }

  static Stream<Case> errors() {
    return Stream.of(
        // lexical problems
        row("unterminated string", policy("""
                package app

                policy "p {
                  permit
                }
                """),
            expect("E002", 3, 8, "unterminated string; expected a closing `\"` before the end of the line")),
        row("unexpected character", condition("subject.level # 3"),
            expect("E003", 4, 29, "unexpected character `#`; expected a name, a literal, an operator or a bracket")),
        row("unexpected control character", condition("subject.level\u0000> 3"),
            expect("E003", 4, 28, "unexpected character U+0000; expected a name, a literal, an operator or a bracket")),
        row("invalid escape", condition("subject.tenant == \"a\\qb\""),
            expect("E004", 4, 35, "invalid escape `\\q`; expected one of `\\\"`, `\\\\`, `\\n`, `\\t`, `\\r` or `\\uXXXX`")),
        row("short unicode escape", condition("subject.tenant == \"\\u12\""),
            expect("E004", 4, 34, "invalid escape `\\u`; expected four hexadecimal digits, as in `\\u00e9`")),
        row("unterminated block comment", policy("""
                package app

                /* a comment
                policy "p" {
                  permit
                }
                """),
            expect("E005", 3, 1, "unterminated block comment; expected `*/` before the end of the input")),

        // syntax
        row("missing closing brace", policy("""
                package app

                policy "p" {
                  permit when true
                """),
            expect("E001", 5, 1, "unexpected end of input; expected `}`, `@`, `permit`, `deny`, `obligation` or `advice`")),
        row("missing policy id", policy("""
                package app

                policy {
                  permit
                }
                """),
            expect("E001", 3, 8, "unexpected `{`; expected a string")),
        row("policy id is a name, not a string", policy("""
                package app

                policy p {
                  permit
                }
                """),
            expect("E001", 3, 8, "unexpected `p`; expected a string")),
        row("missing closing parenthesis", condition("(subject.level > 3"),
            expect("E001", 5, 1, "unexpected `}`; expected `)`")),
        row("missing then", condition("if subject.level > 3 true else false"),
            expect("E001", 4, 36, "unexpected `true`; expected `then`")),
        row("entity id is a name, not a string", condition("resource in folder::f1"),
            expect("E001", 4, 35, "unexpected `f1`; expected a string")),
        row("missing package", policy("""
                policy "p" {
                  permit
                }
                """),
            expect("E001", 1, 1, "unexpected `policy`; expected `package`")),
        row("obligation with a positional argument", policy("""
                package app

                policy "p" {
                  permit
                    obligation audit("high")
                }
                """),
            expect("E001", 5, 22, "unexpected `\"high\"`; expected `)` or a name")),

        // limits
        row("integer out of range", condition("subject.level < 9223372036854775808"),
            expect("E008", 4, 31, "integer `9223372036854775808` does not fit in 64 bits; integers range from "
                + "-9223372036854775808 to 9223372036854775807")),
        row("negative integer out of range", condition("subject.level > -9223372036854775809"),
            expect("E008", 4, 31, "integer `-9223372036854775809` does not fit in 64 bits; integers range from "
                + "-9223372036854775808 to 9223372036854775807")),
        row("150 nested parentheses", condition(nested(150)),
            // the 101st parenthesis opens the first level beyond the limit
            expect("E007", 4, 115, "expression nests deeper than the limit of 100 levels")),
        row("input larger than 1 MiB", policy("// " + "x".repeat(1 << 20)),
            expect("E006", 1, 1, "input is 1048579 characters long; the limit is 1048576 (split the policies across several files)")),

        // names and structure
        row("missing schema", bundle(file("policy.pol", PERMIT_ALL)),
            expect("E017", 1, 1, "the bundle declares no schema; add a `schema { … }` block to one of its files")),
        row("unknown name", condition("admin"),
            expect("E012", 4, 15, "unknown name `admin`; expected a `let`, a `def` of package `app`, or one of subject, "
                + "action, resource, context, data")),
        row("duplicate policy id", policy("""
                package app

                policy "p" {
                  permit
                }

                policy "p" {
                  deny
                }
                """),
            expect("E013", 7, 1, "policy id `p` is already used at policy.pol:3:1; ids must be unique in a bundle")),
        row("duplicate policy id in nested policy sets", policy("""
                package app

                policyset "s" {
                  policy "p" {
                    permit
                  }
                  policyset "t" {
                    policy "p" {
                      deny
                    }
                  }
                }
                """),
            expect("E013", 8, 5, "policy id `p` is already used at policy.pol:4:3; ids must be unique in a bundle")),
        row("duplicate def", policy("""
                package app

                def admin = "admin" in subject.roles
                def admin = subject.level > 3

                policy "p" {
                  permit when admin
                }
                """),
            expect("E014", 4, 1, "package `app` already defines `admin` at policy.pol:3:1")),
        row("duplicate rule id", policy("""
                package app

                policy "p" {
                  permit "r" when subject.level > 3
                  deny "r" when subject.level > 5
                }
                """),
            expect("E014", 5, 3, "policy `p` already has a rule `r`")),
        row("unknown combining algorithm in a policy", policy("""
                package app

                policy "p" combine deny-override {
                  permit
                }
                """),
            expect("E016", 3, 12, "unknown combining algorithm `deny-override`; expected one of deny-overrides, "
                + "permit-overrides, first-applicable, deny-unless-permit, permit-unless-deny, only-one-applicable; "
                + "did you mean `deny-overrides`?")),
        row("unknown combining algorithm in bundle.json", withSchema(
                file("bundle.json", """
                    {"name": "x", "combine": "first-aplicable"}
                    """),
                file("policy.pol", PERMIT_ALL)),
            expectIn("bundle.json", "E016", 1, 26, "unknown combining algorithm `first-aplicable`; expected one of "
                + "deny-overrides, permit-overrides, first-applicable, deny-unless-permit, permit-unless-deny, "
                + "only-one-applicable; did you mean `first-applicable`?")),
        row("unknown import", withSchema(
                file("policy.pol", """
                    package app

                    import app.commn

                    policy "p" {
                      permit
                    }
                    """),
                file("common.pol", """
                    package app.common

                    def admin = "admin" in subject.roles
                    """)),
            expect("E010", 3, 8, "unknown package `app.commn`; the bundle's packages are app, app.common, app.schema; "
                + "did you mean `app.common`?")),
        row("import cycle between two packages", withSchema(
                file("a.pol", """
                    package app.a

                    import app.b

                    def x = b.y

                    policy "p" {
                      permit when x
                    }
                    """),
                file("b.pol", """
                    package app.b

                    import app.a

                    def y = true
                    def z = a.x
                    """)),
            expectIn("b.pol", "E011", 3, 1, "import cycle: app.a → app.b → app.a; packages cannot import each other in a circle")),
        row("definition cycle", policy("""
                package app

                def a = b
                def b = not a

                policy "p" {
                  permit when a
                }
                """),
            expect("E015", 4, 13, "definition `a` refers to itself: a → b → a; definitions cannot be recursive")),
        row("definition of an imported package that does not exist", withSchema(
                file("policy.pol", """
                    package app

                    import app.common

                    policy "p" {
                      permit when common.admn
                    }
                    """),
                file("common.pol", """
                    package app.common

                    def admin = "admin" in subject.roles
                    """)),
            expect("E012", 6, 15, "package `app.common` has no definition `admn`; did you mean `admin`?")),

        // attributes and types
        row("unknown subject attribute", condition("subject.tenat == \"a\""),
            expect("E020", 4, 15, "unknown attribute `tenat` of `subject` (user); it has level, nickname, roles, tenant; "
                + "did you mean `tenant`?")),
        row("unknown resource attribute", condition("resource.ownr == \"a\""),
            expect("E020", 4, 15, "unknown attribute `ownr` of `resource` (document | folder); it has owner, size, "
                + "tenant; did you mean `owner`?")),
        row("unknown context attribute", condition("context.tme == \"a\""),
            expect("E020", 4, 15, "unknown attribute `tme` of `context`; it has time, ip; did you mean `time`?")),
        row("unknown data value", condition("subject.tenant in data.admins"),
            expect("E020", 4, 33, "unknown data value `admins`; declare it in the schema with `data admins: <type>`")),
        row("attribute of a type narrowed away", condition("resource is folder and resource.size > 1"),
            expect("E020", 4, 38, "unknown attribute `size` of `resource` (folder); it has tenant")),
        row("== on int and string", condition("subject.level == \"3\""),
            expect("E021", 4, 15, "`==` compares values of one type; found int and string")),
        row("< on string and int", condition("subject.tenant < 3"),
            expect("E021", 4, 15, "`<` orders two ints or decimals, two datetimes or two durations; found string and int")),
        row("+ on int and string", condition("subject.level + \"1\" == 2"),
            expect("E021", 4, 15, "`+` needs two ints, two strings, two durations, or a datetime and a duration; "
                + "found int and string")),
        row("in on int and set<string>", condition("subject.level in subject.roles"),
            expect("E021", 4, 15, "`in` looks for a string in set<string>, found int")),
        row("in on a string", condition("\"a\" in subject.tenant"),
            expect("E021", 4, 22, "the right side of `in` must be a set, a list, an entity or a range, found string; "
                + "to search a string use `contains(text, part)`")),
        row("function argument of the wrong type", condition("startsWith(subject.level, \"a\")"),
            expect("E021", 4, 26, "argument 1 of `startsWith` must be string, found int; usage: "
                + "startsWith(text: string, prefix: string) -> bool")),
        row("if branches of different types", condition("(if subject.level > 3 then \"a\" else 1) == \"a\""),
            expect("E021", 4, 16, "the branches of `if` must have one type; found string and int")),
        row("set elements of different types", condition("subject.tenant in [\"a\", 1]"),
            expect("E021", 4, 39, "a set holds elements of one type; found string and int")),
        row("condition that is not a bool", condition("subject.level"),
            expect("E021", 4, 15, "a rule's condition needs a bool, found int")),
        row("range outside in", condition("(1..3) == 2"),
            expect("E021", 4, 16, "a range such as `8..18` is only allowed on the right of `in`")),
        row("obligation argument of the wrong type", policy("""
                package app

                policy "p" {
                  permit
                    obligation audit(level: 3)
                }
                """),
            expect("E021", 5, 29, "argument `level` of obligation `audit` must be string, found int")),
        row("unknown function", condition("lowr(subject.tenant) == \"a\""),
            expect("E022", 4, 15, "unknown function `lowr`; did you mean `lower`?")),
        row("unknown method", condition("subject.tenant.startWith(\"a\")"),
            expect("E022", 4, 15, "unknown function `startWith`; did you mean `startsWith`?")),
        row("wrong number of arguments", condition("startsWith(subject.tenant)"),
            expect("E023", 4, 15, "`startsWith` takes 2 arguments, found 1; usage: startsWith(text: string, prefix: string) -> bool")),
        row("wrong number of method arguments", condition("subject.tenant.lower(\"x\") == \"a\""),
            expect("E023", 4, 15, "`lower` takes 1 argument (the receiver counts as the first), found 2; usage: "
                + "lower(text: string) -> string")),
        row("optional attribute without has", condition("subject.nickname == \"bob\""),
            expect("E024", 4, 15, "attribute `subject.nickname` is optional; test `subject has nickname` before reading it")),
        row("has on the wrong side of or", condition("subject has nickname or subject.nickname == \"bob\""),
            expect("E024", 4, 39, "attribute `subject.nickname` is optional; test `subject has nickname` before reading it")),
        row("attribute only some resource types declare", condition("resource.size > 10"),
            expect("E024", 4, 15, "attribute `resource.size` exists only for document; test `resource is document` or "
                + "`resource has size` before reading it")),
        row("invalid regex", condition("matches(subject.tenant, \"a(b\")"),
            expect("E025", 4, 39, "invalid regular expression `a(b`: missing closing )")),
        row("regex that is not a literal", condition("matches(subject.tenant, subject.tenant)"),
            expect("E032", 4, 39, "argument 2 of `matches` must be a string literal, so it can be checked and prepared once")),
        row("invalid datetime", condition("context.time > datetime(\"2026-13-01T00:00:00Z\")"),
            expect("E026", 4, 30, "`2026-13-01T00:00:00Z` is not a datetime; expected ISO 8601 such as "
                + "`2026-03-02T10:15:00Z` or `2026-03-02`")),
        row("invalid ip", condition("inRange(ip(\"10.0.0.300\"), ip(\"10.0.0.0/8\"))"),
            expect("E026", 4, 23, "`10.0.0.300` is not an IP address or CIDR range, such as `10.0.0.1` or `10.0.0.0/8`")),
        row("invalid duration", condition("context.time > datetime(\"2026-01-01\") + duration(\"3 parsecs\")"),
            expect("E026", 4, 55, "`3 parsecs` is not a duration; expected a number and a unit (d, h, m, s, ms) or "
                + "several, such as `1h30m`")),
        row("unknown time zone", condition("hour(context.time, \"Mars/Olympus\") > 3"),
            expect("E026", 4, 34, "unknown time zone `Mars/Olympus`; expected a region such as `Europe/Berlin` or an "
                + "offset such as `+02:00`")),
        row("unknown entity type in is", condition("resource is documnt"),
            expect("E027", 4, 15, "unknown entity type `documnt`; did you mean `document`?")),
        row("unknown entity type compared with resource.type", condition("resource.type == \"documnt\""),
            expect("E027", 4, 32, "`documnt` is not a type `resource` can have; it can be document, folder; "
                + "did you mean `document`?")),
        row("subject type compared with resource.type", condition("resource.type == \"user\""),
            expect("E021", 4, 32, "`user` is not a type `resource` can have; it can be document, folder")),
        row("unknown entity type in an entity literal", condition("resource in folderr::\"x\""),
            expect("E027", 4, 27, "unknown entity type `folderr`; did you mean `folder`?")),
        row("unknown action name", condition("action.name == \"reed\""),
            expect("E028", 4, 30, "unknown action `reed`; the schema declares read, write; did you mean `read`?")),
        row("unknown action name in a set", condition("action.name in [\"read\", \"wirte\"]"),
            expect("E028", 4, 39, "unknown action `wirte`; the schema declares read, write; did you mean `write`?")),
        row("unknown obligation", policy("""
                package app

                policy "p" {
                  permit
                    obligation audt(level: "high")
                }
                """),
            expect("E030", 5, 5, "unknown obligation `audt`; declare it in the schema, as in `obligation audt(…)`, so "
                + "enforcement points know it; did you mean `audit`?")),
        row("obligation argument missing", policy("""
                package app

                policy "p" {
                  permit
                    obligation audit()
                }
                """),
            expect("E031", 5, 5, "obligation `audit` needs argument `level` of type string")),
        row("unknown obligation argument", policy("""
                package app

                policy "p" {
                  permit
                    obligation audit(level: "high", lvl: "x")
                }
                """),
            expect("E031", 5, 37, "obligation `audit` has no argument `lvl`; its arguments are level")),

        // schema
        row("unknown type name in the schema", schemaOnly("""
                  subject user {
                    level: integer,
                  }
                """),
            expect("E029", 5, 12, "unknown type `integer`; expected bool, int, decimal, string, datetime, duration, ip, "
                + "any, set<…>, list<…>, map<…>, a record `{ … }` or an entity type")),
        row("set without an element type", schemaOnly("""
                  subject user {
                    roles: set,
                  }
                """),
            expect("E029", 5, 12, "`set` needs an element type, as in `set<string>`")),
        row("reserved attribute name", schemaOnly("""
                  subject user {
                    id: string,
                  }
                """),
            expect("E029", 5, 5, "attribute `id` of entity type `user` is built in; choose another name")),
        row("duplicate attribute", schemaOnly("""
                  subject user {
                    level: int,
                    level: string,
                  }
                """),
            expect("E014", 6, 5, "attribute `level` of entity type `user` is declared twice")),
        row("unknown parent type in the schema", schemaOnly("""
                  subject user {}
                  resource doc in [foldr] {}
                  resource folder {}
                """),
            expect("E027", 5, 3, "unknown entity type `foldr` among the parent types of `doc`; did you mean `folder`?")),

        // data files
        row("data file with a duplicate key", data("""
                {"entities": [], "entities": []}
                """),
            expectIn("data/d.json", "E040", 1, 18, "duplicate key `entities`")),
        row("empty data file", data(""),
            expectIn("data/d.json", "E040", 1, 1, "the document is empty; expected a JSON value")),
        row("data of the wrong type", data("""
                {"entities": [
                  {"type": "folder", "id": "f1", "properties": {"tenant": 42}}
                ]}
                """),
            expectIn("data/d.json", "E042", 2, 59, "entity `folder::\"f1\"`: `tenant` must be string, found number 42")),
        row("data int that is not whole", data("""
                {"entities": [
                  {"type": "user", "id": "u1", "properties": {"roles": [], "tenant": "t", "level": 1.5}}
                ]}
                """),
            expectIn("data/d.json", "E042", 2, 84, "entity `user::\"u1\"`: `level` must be int, found 1.5 (not a whole number)")),
        row("data entity of an unknown type", data("""
                {"entities": [{"type": "foldr", "id": "f1"}]}
                """),
            expectIn("data/d.json", "E027", 1, 24, "unknown entity type `foldr`; did you mean `folder`?")),
        row("duplicate entity", data("""
                {"entities": [
                  {"type": "folder", "id": "f1", "properties": {"tenant": "acme"}},
                  {"type": "folder", "id": "f1", "properties": {"tenant": "other"}}
                ]}
                """),
            expectIn("data/d.json", "E044", 3, 3, "entity `folder::\"f1\"` is already defined at data/d.json:2:3")),
        row("unknown parent", data("""
                {"entities": [
                  {"type": "document", "id": "d1", "properties": {"owner": "a", "tenant": "acme", "size": 1},
                   "parents": [{"type": "folder", "id": "f2"}]}
                ]}
                """),
            expectIn("data/d.json", "E045", 3, 16, "parent `folder::\"f2\"` of `document::\"d1\"` is not an entity of the bundle's data")),
        row("parent of a type the schema does not allow", data("""
                {"entities": [
                  {"type": "folder", "id": "f1", "properties": {"tenant": "acme"},
                   "parents": [{"type": "document", "id": "d1"}]},
                  {"type": "document", "id": "d1", "properties": {"owner": "a", "tenant": "acme", "size": 1}}
                ]}
                """),
            expectIn("data/d.json", "E042", 3, 16, "entity type `folder` cannot have a parent of type `document`; it declares "
                + "no parent types (add `in [document]` to its schema)")),
        row("hierarchy cycle", withSchema(file("policy.pol", PERMIT_ALL), file("groups.pol", """
                    package app.groups

                    schema {
                      entity group in [group]
                    }
                    """), file("data/d.json", """
                    {"entities": [
                      {"type": "group", "id": "a", "parents": [{"type": "group", "id": "b"}]},
                      {"type": "group", "id": "b", "parents": [{"type": "group", "id": "a"}]}
                    ]}
                    """)),
            expectIn("data/d.json", "E046", 2, 3, "entity `group::\"a\"` is its own ancestor: group::\"a\" → group::\"b\" → group::\"a\"; parents must not form a cycle")),
        row("declared data value that no file defines", withSchema(file("policy.pol", """
                    package app

                    schema {
                      data admins: set<string>
                    }

                    policy "p" {
                      permit when subject.tenant in data.admins
                    }
                    """)),
            expect("E047", 4, 3, "data value `admins` is declared but no data file defines it; add it under "
                + "\"values\" in a JSON data file of the bundle")),

        // tests
        row("unknown decision word", tests("""
                test "t" {
                  subject user "alice" {tenant: "acme"}
                  action "read"
                  resource folder "f" {tenant: "acme"}
                  expect allow
                }
                """),
            expectIn("p.poltest", "E050", 5, 3, "unknown decision `allow`; expected permit, deny, not_applicable or indeterminate")),
        row("test without a subject", tests("""
                test "t" {
                  action "read"
                  resource folder "f" {tenant: "acme"}
                  expect permit
                }
                """),
            expectIn("p.poltest", "E050", 1, 1, "test `t` needs a subject, such as `subject user \"<id>\"`")),
        row("reason naming an unknown policy", tests("""
                test "t" {
                  subject user "alice" {tenant: "acme"}
                  action "read"
                  resource folder "f" {tenant: "acme"}
                  expect permit reason "q/r"
                }
                """),
            expectIn("p.poltest", "E050", 5, 17, "no policy or policy set `q` in this bundle; did you mean `p`?")),
        row("reason naming an unknown rule", tests("""
                test "t" {
                  subject user "alice" {tenant: "acme"}
                  action "read"
                  resource folder "f" {tenant: "acme"}
                  expect permit reason "p/s"
                }
                """),
            expectIn("p.poltest", "E050", 5, 17, "policy `p` has no rule `s`")),
        row("test value that is not constant", tests("""
                test "t" {
                  subject user "alice" {tenant: resource.tenant}
                  action "read"
                  resource folder "f" {tenant: "acme"}
                  expect permit
                }
                """),
            expectIn("p.poltest", "E032", 2, 33, "`tenant` must be a constant: a literal, a set or record of constants, or a "
                + "call such as `datetime(\"2026-03-02T10:00:00Z\")`")),
        row("test value of the wrong type", tests("""
                test "t" {
                  subject user "alice" {tenant: 3}
                  action "read"
                  resource folder "f" {tenant: "acme"}
                  expect permit
                }
                """),
            expectIn("p.poltest", "E021", 2, 33, "`tenant` must be string, found int")),
        row("test with an unknown action", tests("""
                test "t" {
                  subject user "alice" {tenant: "acme"}
                  action "raed"
                  resource folder "f" {tenant: "acme"}
                  expect permit
                }
                """),
            expectIn("p.poltest", "E028", 3, 3, "unknown action `raed`; the schema declares read, write; did you mean `read`?")),
        row("test with an invalid datetime", tests("""
                test "t" {
                  subject user "alice" {tenant: "acme"}
                  action "read"
                  resource folder "f" {tenant: "acme"}
                  context {time: datetime("tomorrow")}
                  expect permit
                }
                """),
            expectIn("p.poltest", "E026", 5, 18, "`tomorrow` is not a datetime; expected ISO 8601 such as "
                + "`2026-03-02T10:15:00Z` or `2026-03-02`")),
        row("test without an expectation", tests("""
                test "t" {
                  subject user "alice" {tenant: "acme"}
                  action "read"
                  resource folder "f" {tenant: "acme"}
                }
                """),
            expectIn("p.poltest", "E001", 5, 1, "unexpected `}`; expected `subject`, `resource`, `action`, `context` or `expect`")));
  }

  static Stream<Case> warnings() {
    return Stream.of(
        row("unreachable rule under first-applicable", policy("""
                package app

                policy "p" combine first-applicable {
                  permit "all"
                  deny "never" when subject.level < 3
                }
                """),
            expect("W001", 5, 3, "rule `never` is unreachable: rule `all` above it always applies, and "
                + "`first-applicable` stops there")),
        row("rule whose condition is false", condition("false"),
            expect("W001", 4, 3, "rule 1 of policy `p` never applies: its condition is `false`")),
        row("permit shadowed by a deny under deny-overrides", policy("""
                package app

                policy "p" {
                  deny "low" when subject.level < 3
                  permit "low-reader" when subject.level < 3 and action.name == "read"
                }
                """),
            expect("W002", 5, 3, "rule `low-reader` can never permit: rule `low` denies whenever it applies, and deny overrides")),
        row("duplicate operand", condition("subject.level > 3 and subject.tenant == \"a\" and subject.level > 3"),
            expect("W003", 4, 63, "this operand of `and` repeats an earlier one")),
        row("unused import", withSchema(
                file("policy.pol", """
                    package app

                    import app.common

                    policy "p" {
                      permit
                    }
                    """),
                file("common.pol", """
                    package app.common

                    def admin = "admin" in subject.roles

                    policy "q" {
                      permit when admin
                    }
                    """)),
            expect("W004", 3, 1, "import `app.common` is not used; remove it")),
        row("unused data value", withSchema(
                file("policy.pol", """
                    package app

                    schema {
                      data admins: set<string>
                    }

                    policy "p" {
                      permit
                    }
                    """),
                file("data/d.json", """
                    {"values": {"admins": ["alice"]}}
                    """)),
            expect("W005", 4, 3, "data value `admins` is declared but no policy reads it")),
        row("unused def", policy("""
                package app

                def admin = "admin" in subject.roles

                policy "p" {
                  permit
                }
                """),
            expect("W006", 3, 1, "definition `admin` is not used")),
        row("unused let", policy("""
                package app

                policy "p" {
                  let admin = "admin" in subject.roles
                  permit
                }
                """),
            expect("W006", 4, 3, "`let admin` is not used")),
        row("entity literal not in the data", condition("resource in folder::\"missing\""),
            expect("W007", 4, 27, "entity `folder::\"missing\"` is not in the bundle's data, so it has no attributes or parents")));
  }

  // ---------------------------------------------------------------- known bugs
  // Each states the diagnostic we believe is right; they are reported, not encoded as they are.

  @Test

  void missingOperandExpectsAnExpression() {
    assertFirstError(condition("subject.level =="), expect("E001", 5, 1, "unexpected `}`; expected an expression"));
  }

  @Test

  void missingWhenIsAmongTheExpectedTokens() {
    assertFirstError(policy("""
            package app

            policy "p" {
              permit "r" subject.level > 3
            }
            """),
        expect("E001", 4, 14, "unexpected `subject`; expected `}`, `@`, `let`, `permit`, `deny`, `when`, `obligation` "
            + "or `advice`"));
  }

  @Test

  void noBreakSpaceIsNamedByItsCodePoint() {
    assertFirstError(condition("subject.level\u00a0> 3"),
        expect("E003", 4, 28, "unexpected character U+00A0; expected a name, a literal, an operator or a bracket"));
  }

  @Test

  void deepNestingPointsAtTheFirstLevelBeyondTheLimit() {
    assertFirstError(condition(nested(10_000)), expect("E007", 4, 115, "expression nests deeper than the limit of 100 levels"));
  }

  @Test

  void duplicateLetNamesTheFirstOne() {
    assertFirstError(policy("""
            package app

            policy "p" {
              let high = subject.level > 3
              let high = subject.level > 5
              permit when high
            }
            """),
        expect("E014", 5, 3, "`high` is already defined at policy.pol:4:3; a `let` cannot hide another `let` or a `def`"));
  }

  @Test

  void syntaxErrorInTheSchemaFileIsTheOnlyError() {
    BundleSource bundle = bundle(file("policy.pol", PERMIT_ALL), file("schema.pol", """
            package app.schema

            schema {
              subject user {
                level: int
                tenant: string,
              }
            }
            """));
    assertFirstError(bundle, expectIn("schema.pol", "E001", 6, 5, "unexpected `tenant`; expected `}` or `,`"));
    assertThat(Checker.check(bundle).errors()).hasSize(1);
  }

  @Test

  void hierarchyCycleIsReportedOnlyForEntitiesInTheCycle() {
    assertFirstError(withSchema(file("policy.pol", PERMIT_ALL), file("groups.pol", """
            package app.groups

            schema {
              entity group in [group]
            }
            """), file("data/d.json", """
            {"entities": [
              {"type": "group", "id": "a", "parents": [{"type": "group", "id": "b"}]},
              {"type": "group", "id": "b", "parents": [{"type": "group", "id": "c"}]},
              {"type": "group", "id": "c", "parents": [{"type": "group", "id": "b"}]}
            ]}
            """)),
        expectIn("data/d.json", "E046", 3, 3, "entity `group::\"b\"` is its own ancestor: group::\"b\" → group::\"c\" → group::\"b\"; parents must not form a cycle"));
  }

  @Test

  void unknownDataAttributePointsAtItsKey() {
    assertFirstError(data("""
            {"entities": [
              {"type": "folder", "id": "f1", "properties": {"tenant": "acme", "colour": "red"}}
            ]}
            """),
        expectIn("data/d.json", "E043", 2, 67, "entity `folder::\"f1\"`: unknown attribute `colour`; declared: tenant"));
  }

  @Test

  void undeclaredDataValuePointsAtItsKey() {
    assertFirstError(data("""
            {"values": {"admins": ["alice"]}}
            """),
        expectIn("data/d.json", "E047", 1, 13, "data value `admins` is not declared in the schema; declare it with "
            + "`data admins: <type>`"));
  }

  @Test

  void unknownManifestKeyPointsAtTheKey() {
    assertFirstError(withSchema(file("bundle.json", """
            {"name": "x", "combin": "first-applicable"}
            """), file("policy.pol", PERMIT_ALL)),
        expectIn("bundle.json", "E048", 1, 15, "unknown key `combin`; a manifest has `name`, `description` and `combine`; "
            + "did you mean `combine`?"));
  }

  @Test

  void unclosedJsonObjectSaysWhatIsMissing() {
    assertFirstError(data("""
            {"entities": []
            """),
        expectIn("data/d.json", "E040", 2, 1, "unexpected end of input; expected `}` to close the object at 1:1"));
  }

  @Test

  void notANumberIsRefusedInTheProjectsWords() {
    assertFirstError(data("""
            {"values": {"a": NaN}}
            """),
        expectIn("data/d.json", "E040", 1, 18, "unexpected `NaN`; expected a JSON value"));
  }

  @Test

  void testWithoutAnActionSuggestsOneOfTheSchema() {
    assertFirstError(tests("""
            test "t" {
              subject user "alice" {tenant: "acme"}
              resource folder "f" {tenant: "acme"}
              expect permit
            }
            """),
        expectIn("p.poltest", "E050", 1, 1, "test `t` needs an action, such as `action \"read\"`"));
  }

  @Test

  void unknownNameInATestAsksForAConstant() {
    assertFirstError(tests("""
            test "t" {
              subject user "alice" {tenant: acme}
              action "read"
              resource folder "f" {tenant: "acme"}
              expect permit
            }
            """),
        expectIn("p.poltest", "E012", 2, 33, "unknown name `acme`; a test's values are constants, such as `\"acme\"`"));
  }

  @Test

  void subjectOfTheWrongRoleIsOneError() {
    CheckResult result = Checker.check(tests("""
            test "t" {
              subject folder "alice" {tenant: "acme"}
              action "read"
              resource folder "f" {tenant: "acme"}
              expect permit
            }
            """));
    assertThat(result.errors()).map(Expected::of)
        .containsExactly(expectIn("p.poltest", "E050", 2, 3, "`folder` is not a subject type; subject types are user"));
  }

  // ---------------------------------------------------------------- helpers

  private static void assertFirstError(BundleSource bundle, Expected expected) {
    CheckResult result = Checker.check(bundle);
    assertThat(result.errors()).as("errors").isNotEmpty();
    assertThat(Expected.of(result.errors().getFirst())).isEqualTo(expected);
    assertThat(result.bundle()).as("checked bundle").isEmpty();
  }

  private static Case row(String name, BundleSource bundle, Expected expected) {
    return new Case(name, bundle, expected);
  }

  /** A diagnostic expected in {@code policy.pol}. */
  private static Expected expect(String code, int line, int column, String message) {
    return expectIn("policy.pol", code, line, column, message);
  }

  private static Expected expectIn(String file, String code, int line, int column, String message) {
    return new Expected(code, file, line, column, message);
  }

  private static SourceText file(String path, String text) {
    return new SourceText(path, text);
  }

  /** One rule, {@code permit when <expression>}, with the expression at line 4, column 15. */
  private static BundleSource condition(String expression) {
    return policy("package app\n\npolicy \"p\" {\n  permit when " + expression + "\n}\n");
  }

  private static BundleSource policy(String text) {
    return withSchema(file("policy.pol", text));
  }

  /** A {@code schema} block of the given members in {@code policy.pol}, which then has the only schema. */
  private static BundleSource schemaOnly(String members) {
    return bundle(file("policy.pol", "package app\n\nschema {\n" + members + "}\n\n" + """
        policy "p" {
          permit
        }
        """));
  }

  private static BundleSource data(String json) {
    return withSchema(file("policy.pol", PERMIT_ALL), file("data/d.json", json));
  }

  private static BundleSource tests(String tests) {
    return withSchema(file("policy.pol", TESTED_POLICY), file("p.poltest", tests));
  }

  private static BundleSource withSchema(SourceText... files) {
    List<SourceText> all = new ArrayList<>(List.of(file("schema.pol", SCHEMA)));
    all.addAll(List.of(files));
    return bundle(all.toArray(SourceText[]::new));
  }

  /** Sorts files into the manifest, policies, tests and data by their names, as the loader does. */
  private static BundleSource bundle(SourceText... files) {
    Optional<SourceText> manifest = Optional.empty();
    List<SourceText> policies = new ArrayList<>();
    List<SourceText> tests = new ArrayList<>();
    List<SourceText> data = new ArrayList<>();
    for (SourceText file : files) {
      String path = file.path();
      if (path.equals("bundle.json")) {
        manifest = Optional.of(file);
      } else if (path.endsWith(".pol")) {
        policies.add(file);
      } else if (path.endsWith(".poltest")) {
        tests.add(file);
      } else {
        data.add(file);
      }
    }
    return new BundleSource("<memory>", manifest, policies, tests, data, List.of());
  }

  private static String nested(int depth) {
    return "(".repeat(depth) + "true" + ")".repeat(depth);
  }
}
