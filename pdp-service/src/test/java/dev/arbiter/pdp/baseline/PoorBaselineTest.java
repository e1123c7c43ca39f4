package dev.arbiter.pdp.baseline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A configuration far from the baseline: no caller authentication on loopback, no masking, no rate
 * limits, day-long grants, optional signing with a typed key, and tools without a risk or scopes.
 * Each shortfall is its own item, with a message that says what to change.
 */
@QuarkusTest
@TestProfile(PoorBaselineTest.Poor.class)
class PoorBaselineTest {
  /** Base64 of readable text: a typed key, not random bytes. */
  static final String TYPED_KEY = "c2l4dGVlbi1ieXRlcy1ub3QtZW5vdWdoLWJ1dC10aGlydHktdHdvLWlzIQ==";

  public static class Poor implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "arbiter.policies.dir", "src/test/resources/bundles/baseline-poor",
          "arbiter.audit.file", Path.of("target", "audit-tests", "baseline-poor-" + ProcessHandle.current().pid()
              + ".jsonl").toAbsolutePath().toString(),
          "arbiter.grants.max-ttl", "P1D",
          "arbiter.request-signing.mode", "optional",
          "arbiter.request-signing.keys.pep", TYPED_KEY);
    }
  }

  @Test
  void everyShortfallIsAnItemThatSaysWhatToChange() {
    JsonPath report = given().get("/admin/v1/baseline").then().statusCode(200).extract().jsonPath();
    assertThat(report.getList("items.id")).containsExactly("tls", "auth", "admin-roles", "audit", "audit-masking",
        "tool-catalog", "grant-ttl", "rate-limits", "default-secrets", "request-signing", "security-events");
    assertThat(report.getList("items.status")).containsExactly("warn", "fail", "fail", "pass", "warn", "fail",
        "fail", "warn", "fail", "warn", "warn");

    assertThat(message(report, "tls")).isEqualTo("no TLS: plain HTTP, but on loopback only (127.0.0.1), which is"
        + " fine for development; before listening on other interfaces, configure a key store"
        + " (quarkus.tls.key-store.*) and set quarkus.http.insecure-requests=disabled");
    assertThat(message(report, "auth")).isEqualTo("arbiter.auth.mode=none: every process that reaches 127.0.0.1 is"
        + " every role, policy-admin and grant-issuer included, so an agent on this machine could change the"
        + " policies or grant itself permissions; set arbiter.auth.mode to jwt, mtls or api-key");
    assertThat(message(report, "audit-masking")).startsWith("no request path is masked");
    assertThat(message(report, "tool-catalog")).isEqualTo("bundle baseline-poor: tools without risk: `run_shell`;"
        + " tools without required_scopes: `fetch_url`, `run_shell`; tools whose required_scopes is empty, so any"
        + " caller's scopes cover them: `echo`; give every tool entity a risk and the scopes it needs in the"
        + " bundle's data, or policies that read them cannot decide");
    assertThat(message(report, "grant-ttl")).isEqualTo("arbiter.grants.max-ttl is PT24H: a task grant can outlive"
        + " its task by far; set PT1H or less");
    assertThat(message(report, "rate-limits")).startsWith("no rate limit is configured");
    assertThat(message(report, "default-secrets")).isEqualTo("signing key `pep` is not random bytes (typed text, or"
        + " too few distinct bytes): replace them with random values (openssl rand -hex 32 for an API key, openssl"
        + " rand -base64 32 for an HMAC key)");
    assertThat(message(report, "request-signing")).startsWith("arbiter.request-signing.mode=optional: unsigned"
        + " requests are still accepted");

    // weights 3 3 2 2 1 2 1 1 3 1 1; warnings earn half: (1.5 + 2 + 0.5 + 0.5 + 0.5 + 0.5) / 20
    assertThat(report.getInt("score")).isEqualTo(27);
    assertThat(report.getString("result")).isEqualTo("fail");
    assertThat(report.getMap("summary")).containsExactlyInAnyOrderEntriesOf(Map.of("pass", 1, "warn", 5, "fail", 5));
    assertThat(report.getString("revision")).isNotBlank();
    assertThat(report.getString("checked_at")).endsWith("Z");
  }

  @Test
  void theReportNeverShowsASecret() {
    String body = given().get("/admin/v1/baseline").then().statusCode(200).extract().asString();
    assertThat(body).doesNotContain(TYPED_KEY, "sixteen-bytes");
  }

  @Test
  void theEndpointIsInTheOpenApiDocument() {
    given().get("/q/openapi?format=json").then().statusCode(200)
        .body("paths.'/admin/v1/baseline'.get.summary", equalTo("Check the configuration against the security"
            + " baseline"));
  }

  private static String message(JsonPath report, String id) {
    List<Map<String, Object>> items = report.getList("items");
    return items.stream().filter(item -> id.equals(item.get("id"))).map(item -> (String) item.get("message"))
        .findFirst().orElseThrow();
  }
}
