package dev.arbiter.policy.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.policy.bundle.BundleSource;
import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.diagnostic.SourceText;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Narrowing through lets and contradictions, lint directions per algorithm, and test reasons by position. */
class NarrowingAndLintsTest {
  private static final String SCHEMA = """
      package app.schema

      schema {
        subject user {
          level: int,
          labels: map<string>,
        }
        resource tool {
          risk: int,
        }
        resource folder {
          owner: string,
        }
        action "call"
      }
      """;

  @Test
  void isNarrowsALetLikeARoot() {
    assertThat(diagnostics("""
        package app

        policy "p" {
          let r = resource
          permit when r is tool and r.risk > 3
        }
        """)).isEmpty();
  }

  @Test
  void contradictoryNarrowingIsDeadCodeAndWarnsInsteadOfFailing() {
    assertThat(diagnostics("""
        package app

        policy "p" {
          permit when resource is tool and resource is folder and resource.risk > 3
        }
        """)).extracting(d -> d.code().id() + " " + d.message()).containsExactly(
        "W001 this test is always false: `resource` can only be tool here",
        "W001 this is unreachable: `resource` can only be folder here, which has no `risk`");
  }

  @Test
  void narrowingAwayAnAttributeIsStillAnError() {
    assertThat(diagnostics("""
        package app

        policy "p" {
          permit when resource is folder and resource.risk > 3
        }
        """)).extracting(d -> d.code().id()).containsExactly("E020");
  }

  @Test
  void aMapEntryReadByLiteralKeyNeedsHasLikeAMember() {
    assertThat(diagnostics("""
        package app

        policy "p" {
          permit when subject.labels["team"] == "x"
          permit when subject.labels has team and subject.labels["team"] == "x"
        }
        """)).extracting(d -> d.code().id() + " " + d.location().line()).containsExactly("E024 4");
  }

  @Test
  void aRecordIsNotIndexedByAComputedKey() {
    assertThat(diagnostics("""
        package app

        policy "p" {
          permit when context[subject.labels["k"]] == 1
        }
        """)).extracting(Diagnostic::message).contains(
        "an attribute is named by a string literal, as in `context[\"name\"]`; a computed key needs a map");
  }

  @Test
  void aMistypedRootIsSuggested() {
    assertThat(diagnostics("""
        package app

        policy "p" {
          permit when subjct.level > 1
        }
        """)).extracting(Diagnostic::message).anyMatch(m -> m.endsWith("did you mean `subject`?"));
  }

  @Test
  void underDenyUnlessPermitAPermitIsNeverShadowedByADeny() {
    String rules = """
          deny "blocked" when subject.level < 0
          permit "admin" when subject.level < 0 and resource is tool
        }
        """;
    assertThat(diagnostics("package app\n\npolicy \"p\" combine deny-unless-permit {\n" + rules)).isEmpty();
    assertThat(diagnostics("package app\n\npolicy \"p\" combine permit-unless-deny {\n" + rules))
        .extracting(d -> d.code().id()).containsExactly("W002");
  }

  @Test
  void aRuleWithoutIdIsNamedByItsPositionInTests() {
    BundleSource bundle = new BundleSource("<memory>", Optional.empty(),
        List.of(new SourceText("schema.pol", SCHEMA), new SourceText("p.pol", """
            package app

            policy "p" {
              deny "low" when subject.level < 0
              permit
            }
            """)),
        List.of(new SourceText("t.poltest", """
            test "second rule" {
              subject user "u" { level: 1 }
              action "call"
              resource tool "t" { risk: 1 }
              expect permit
                reason "p/2"
            }
            """)),
        List.of(), List.of());
    assertThat(Checker.check(bundle).diagnostics()).isEmpty();
  }

  private static List<Diagnostic> diagnostics(String policy) {
    return Checker.check(BundleSource.ofPolicies(new SourceText("schema.pol", SCHEMA), new SourceText("p.pol", policy)))
        .diagnostics();
  }
}
