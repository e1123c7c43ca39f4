package dev.arbiter.pdp.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged service as the README runs it: {@code java -jar quarkus-run.jar} in its own process.
 * Runs after {@code package}, in the {@code integration-test} phase.
 */
class PackagedServiceIT {
  private static final Path REPOSITORY = PackagedService.REPOSITORY;

  @Test
  void refusesToStartWithoutAuthenticationOnANonLoopbackAddress() throws Exception {
    Process service = start(List.of("-Dquarkus.http.host=0.0.0.0", "-Dquarkus.http.port=" + PackagedService.freePort()));
    assertThat(service.waitFor(90, TimeUnit.SECONDS)).as("the service stopped by itself").isTrue();
    String output = new String(service.getInputStream().readAllBytes());
    assertThat(service.exitValue()).isNotZero();
    assertThat(output).contains("arbiter.auth.mode=none is only allowed when the service listens on loopback,"
        + " but quarkus.http.host is 0.0.0.0");
  }

  @Test
  void refusesToStartWhenSignedRequestsAreRequiredWithoutKeys() throws Exception {
    Process service = start(List.of("-Darbiter.request-signing.mode=required", "-Dquarkus.http.port=" + PackagedService.freePort()));
    assertThat(service.waitFor(90, TimeUnit.SECONDS)).as("the service stopped by itself").isTrue();
    String output = new String(service.getInputStream().readAllBytes());
    assertThat(service.exitValue()).isNotZero();
    assertThat(output).contains("arbiter.request-signing.mode=required needs signing keys");
  }

  @Test
  void servesTheShippedPoliciesOnLoopback() throws Exception {
    int port = PackagedService.freePort();
    Process service = start(List.of("-Dquarkus.http.port=" + port));
    try {
      HttpClient client = HttpClient.newHttpClient();
      PackagedService.awaitReady(client, port, service);
      HttpResponse<String> decision = client.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/access/v1/evaluation"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofFile(REPOSITORY.resolve("examples/requests/read-file-in-sandbox.json")))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(decision.statusCode()).isEqualTo(200);
      assertThat(decision.body()).startsWith("{\"decision\":true,").contains("\"rule\":\"scoped\"");

      List<ReadmeExamples.Example> examples = ReadmeExamples.read(REPOSITORY.resolve("README.md"));
      assertThat(examples).as("curl examples in the README").hasSizeGreaterThanOrEqualTo(2);
      for (ReadmeExamples.Example example : examples) {
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + example.path()))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(example.body(REPOSITORY)))
            .build(), HttpResponse.BodyHandlers.ofString());
        ReadmeExamples.assertMatches(example, answer.body());
      }
    } finally {
      service.destroy();
      service.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static Process start(List<String> properties) throws IOException {
    return PackagedService.start(properties, null);
  }
}
