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

/** Starts the packaged service as the README runs it: {@code java -jar quarkus-run.jar}, the JVM itself the child process. */
final class PackagedService {
  static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
  static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  private PackagedService() {}

  /** The service with the shipped policies and {@code properties}; its output goes to {@code log}, or the pipe. */
  static Process start(List<String> properties, Path log) throws IOException {
    assertThat(JAR).as("run ./mvnw package first").exists();
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Darbiter.policies.dir=" + REPOSITORY.resolve("policies"));
    command.add("-Darbiter.audit.file=" + Path.of("target", "audit", "packaged.jsonl").toAbsolutePath());
    command.addAll(properties);
    command.add("-jar");
    command.add(JAR.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (log != null) {
      builder.redirectOutput(log.toFile());
    }
    return builder.start();
  }

  static void awaitReady(HttpClient client, int port, Process service) throws Exception {
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

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
