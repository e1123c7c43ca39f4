package dev.arbiter.mcpdemo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged PDP ({@code quarkus-run.jar}) with the shipped policies, in its own process, on a free port. */
final class PdpProcess implements AutoCloseable {
  static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
  private static final Path JAR = REPOSITORY.resolve("pdp-service/target/quarkus-app/quarkus-run.jar");

  private final Process process;
  private final int port;

  private PdpProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static PdpProcess start() throws Exception {
    assertThat(JAR).as("the packaged PDP (./mvnw package -pl pdp-service)").exists();
    int port = freePort();
    Process process = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Dquarkus.http.port=" + port, "-Darbiter.policies.dir=" + REPOSITORY.resolve("policies"),
        "-Darbiter.audit.file=" + Path.of("target", "pdp-" + port + "-audit.jsonl").toAbsolutePath(), "-jar",
        JAR.toString()))
        .redirectErrorStream(true)
        .redirectOutput(Path.of("target", "pdp-" + port + ".log").toFile())
        .start();
    PdpProcess pdp = new PdpProcess(process, port);
    pdp.awaitReady();
    return pdp;
  }

  String address() {
    return "http://127.0.0.1:" + port;
  }

  private void awaitReady() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive()).as("the PDP is running (see target/pdp-" + port + ".log)").isTrue();
      try {
        HttpResponse<Void> ready = client.send(HttpRequest.newBuilder(URI.create(address() + "/q/health/ready"))
            .build(), HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the PDP was not ready within 90 s");
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
