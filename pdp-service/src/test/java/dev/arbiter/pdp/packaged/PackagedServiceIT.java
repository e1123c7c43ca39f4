package dev.arbiter.pdp.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged service as the README runs it: {@code java -jar quarkus-run.jar} in its own process.
 * Runs after {@code package}, in the {@code integration-test} phase.
 */
class PackagedServiceIT {
  private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  @Test
  void refusesToStartWithoutAuthenticationOnANonLoopbackAddress() throws Exception {
    Process service = start(List.of("-Dquarkus.http.host=0.0.0.0", "-Dquarkus.http.port=" + freePort()));
    assertThat(service.waitFor(90, TimeUnit.SECONDS)).as("the service stopped by itself").isTrue();
    String output = new String(service.getInputStream().readAllBytes());
    assertThat(service.exitValue()).isNotZero();
    assertThat(output).contains("arbiter.auth.mode=none is only allowed when the service listens on loopback,"
        + " but quarkus.http.host is 0.0.0.0");
  }

  @Test
  void refusesToStartWhenSignedRequestsAreRequiredWithoutKeys() throws Exception {
    Process service = start(List.of("-Darbiter.request-signing.mode=required", "-Dquarkus.http.port=" + freePort()));
    assertThat(service.waitFor(90, TimeUnit.SECONDS)).as("the service stopped by itself").isTrue();
    String output = new String(service.getInputStream().readAllBytes());
    assertThat(service.exitValue()).isNotZero();
    assertThat(output).contains("arbiter.request-signing.mode=required needs signing keys");
  }

  @Test
  void servesTheShippedPoliciesOnLoopback() throws Exception {
    int port = freePort();
    Process service = start(List.of("-Dquarkus.http.port=" + port));
    try {
      HttpClient client = HttpClient.newHttpClient();
      awaitReady(client, port, service);
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
    assertThat(JAR).as("run ./mvnw package first").exists();
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(properties);
    command.add("-Darbiter.policies.dir=" + REPOSITORY.resolve("policies"));
    command.add("-jar");
    command.add(JAR.toString());
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static void awaitReady(HttpClient client, int port, Process service) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(service.isAlive()).as("the service is running").isTrue();
      try {
        HttpResponse<String> ready = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the service was not ready within 90 s");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
