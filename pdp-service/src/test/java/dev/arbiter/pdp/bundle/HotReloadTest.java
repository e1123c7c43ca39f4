package dev.arbiter.pdp.bundle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.pdp.WritableBundle;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * While requests flow, a policy file is changed, then broken, then fixed: no request fails, the
 * last good revision serves while the change is broken, and each good change takes effect.
 */
@QuarkusTest
@TestProfile(WritableBundle.class)
class HotReloadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OWN_TEAM_WRITES = """
      {"subject": {"type": "user", "id": "ana", "properties": {"team": "blue"}},
       "action": {"name": "write"},
       "resource": {"type": "document", "id": "plan", "properties": {"team": "blue"}}}""";
  private static final String OTHER_TEAM_READS = """
      {"subject": {"type": "user", "id": "bo", "properties": {"team": "red"}},
       "action": {"name": "read"},
       "resource": {"type": "document", "id": "plan", "properties": {"team": "blue"}}}""";

  @AfterEach
  void restore() throws Exception {
    String original = Files.readString(java.nio.file.Path.of("..", "policies", "examples", "hello", "hello.pol"));
    Files.writeString(WritableBundle.POLICY, original);
    awaitStatus(status -> status.path("last_problems").isEmpty());
  }

  @Test
  void changeBreakFixWithoutOneFailedRequest() throws Exception {
    String original = Files.readString(WritableBundle.POLICY);
    String first = activeRevision();
    assertThat(decision(OTHER_TEAM_READS)).isFalse();

    Traffic traffic = new Traffic(4);
    try {
      // 1. a good change: everyone may read now
      Files.writeString(WritableBundle.POLICY, original.replace("policy \"documents\" {",
          "policy \"documents\" {\n  permit \"everyone-reads\" when action.name == \"read\""));
      String changed = awaitStatus(status -> !status.path("active").path("revision").asText().equals(first))
          .path("active").path("revision").asText();
      assertThat(decision(OTHER_TEAM_READS)).isTrue();

      // 2. a broken change: the last good revision keeps serving, and the status says why
      Files.writeString(WritableBundle.POLICY, original.replace("policy \"documents\" {", "policy \"documents\" {{"));
      JsonNode broken = awaitStatus(status -> !status.path("last_problems").isEmpty());
      assertThat(broken.path("active").path("revision").asText()).isEqualTo(changed);
      assertThat(broken.path("last_problems").get(0).asText()).matches(".*hello\\.pol:\\d+:\\d+: E\\d{3}: .*");
      assertThat(broken.path("reload_failures").asLong()).isPositive();
      assertThat(decision(OTHER_TEAM_READS)).isTrue();
      assertThat(activeRevision()).isEqualTo(changed);
      Thread.sleep(500); // requests keep flowing against the kept revision

      // 3. the fix: the original policy again
      Files.writeString(WritableBundle.POLICY, original);
      awaitStatus(status -> status.path("last_problems").isEmpty()
          && !status.path("active").path("revision").asText().equals(changed));
      assertThat(decision(OTHER_TEAM_READS)).isFalse();
    } finally {
      traffic.stop();
    }
    assertThat(traffic.failures).as("failed requests").isEmpty();
    // Proves the traffic ran through all three phases; how many more a loaded CI machine manages varies.
    assertThat(traffic.requests.get()).as("requests during the test").isGreaterThan(20);
  }

  @Test
  void healthShowsTheRevisionAndMetricsCountTheRefusedChange() throws Exception {
    String revision = activeRevision();
    JsonPath health = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
    assertThat(health.getString("checks.find { it.name == 'policy-bundle' }.data.revision")).isEqualTo(revision);

    String original = Files.readString(WritableBundle.POLICY);
    Files.writeString(WritableBundle.POLICY, original + "\npolicy \"broken\" { permit \"x\" when nothing }\n");
    awaitStatus(status -> !status.path("last_problems").isEmpty());
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).containsPattern("arbiter_reload_failures_total(\\{[^}]*})? [1-9]");
    assertThat(metrics).contains("arbiter_bundle_active{bundle=\"hello\",revision=\"" + revision + "\"} 1");
  }

  private static boolean decision(String request) {
    return given().contentType("application/json").body(request).post("/access/v1/evaluation").then()
        .statusCode(200).extract().path("decision");
  }

  private static String activeRevision() {
    return given().get("/v1/admin/status").then().statusCode(200).extract().path("active.revision");
  }

  private static JsonNode awaitStatus(Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode status = null;
    while (System.nanoTime() < deadline) {
      status = JSON.readTree(given().get("/v1/admin/status").then().statusCode(200).extract().asString());
      if (condition.test(status)) {
        return status;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the store never reached the expected state; last status: " + status);
  }

  /** Threads that decide the same permitted request in a loop and keep every failure. */
  private static final class Traffic {
    final Queue<String> failures = new ConcurrentLinkedQueue<>();
    final AtomicInteger requests = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    Traffic(int threadCount) {
      HttpClient client = HttpClient.newHttpClient();
      HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
              + "/access/v1/evaluation"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(OWN_TEAM_WRITES)).build();
      for (int i = 0; i < threadCount; i++) {
        threads.add(Thread.ofPlatform().start(() -> {
          while (running.get()) {
            try {
              HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
              requests.incrementAndGet();
              if (response.statusCode() != 200 || !JSON.readTree(response.body()).path("decision").asBoolean()) {
                failures.add(response.statusCode() + " " + response.body());
              }
            } catch (Exception e) {
              failures.add(e.toString());
            }
          }
        }));
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread thread : threads) {
        thread.join();
      }
    }
  }
}
