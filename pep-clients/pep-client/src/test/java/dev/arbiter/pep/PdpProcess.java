package dev.arbiter.pep;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged PDP ({@code pdp-service/target/quarkus-app/quarkus-run.jar}, built earlier in the
 * same reactor) in its own process, as users run it: a chosen bundle directory, a free port, extra
 * settings as system properties. Its output goes to {@code target/pdp-logs/<name>.log}, its audit
 * trail to {@code target/pdp-logs/<name>-audit.jsonl}. It can be stopped and started again on the
 * same port.
 */
final class PdpProcess implements AutoCloseable {
  static final Path REPOSITORY = Path.of(System.getProperty("arbiter.repository.root", "../..")).toAbsolutePath()
      .normalize();
  static final Path JAR = REPOSITORY.resolve("pdp-service/target/quarkus-app/quarkus-run.jar");
  private static final Pattern DECISIONS = Pattern.compile("(?m)^arbiter_decisions_total\\{[^}]*} ([0-9.E]+)$");

  private final String name;
  private final Path bundle;
  private final Map<String, String> properties;
  private final int port;
  private final HttpClient http;
  private Process process;

  private PdpProcess(String name, Path bundle, Map<String, String> properties) throws IOException {
    this.name = name;
    this.bundle = bundle;
    this.properties = properties;
    this.port = freePort();
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
        .build();
  }

  /** Starts the PDP and waits until it is ready. */
  static PdpProcess start(String name, Path bundle, Map<String, String> properties) throws Exception {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR + " is missing: build pdp-service first (./mvnw package -pl pdp-service -am)");
    }
    PdpProcess pdp = new PdpProcess(name, bundle, properties);
    pdp.start();
    return pdp;
  }

  /** Starts it (again, after {@link #stop()}) on the same port and waits until it is ready. */
  void start() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Dquarkus.http.port=" + port);
    command.add("-Darbiter.policies.dir=" + bundle);
    Path logs = Path.of("target", "pdp-logs");
    Files.createDirectories(logs);
    // the audit trail under target/ too, not in the working directory (the module), one file per PDP
    command.add("-Darbiter.audit.file=" + logs.resolve(name + "-audit.jsonl").toAbsolutePath());
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(JAR.toString());
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile())).start();
    awaitReady();
  }

  /** Kills the process and waits for it to be gone. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  int port() {
    return port;
  }

  /** {@code grpc://…} or {@code http://…} at this PDP. */
  String address(Endpoint.Protocol protocol) {
    return (protocol == Endpoint.Protocol.GRPC ? "grpc" : "http") + "://127.0.0.1:" + port;
  }

  /**
   * A client of this PDP with the tests' defaults: the test bundle's obligations understood, and a
   * deadline that a cold PDP on a busy machine meets (the failure tests set their own).
   */
  PdpClientBuilder client(Endpoint.Protocol protocol) {
    return PdpClient.builder(address(protocol)).obligationHandlers(TestBundle.OBLIGATIONS)
        .deadline(Duration.ofSeconds(10));
  }

  /** How many decisions the PDP has made, from its Prometheus metrics. */
  long decisions() throws Exception {
    String metrics = get("/q/metrics").body();
    Matcher matcher = DECISIONS.matcher(metrics);
    double total = 0;
    while (matcher.find()) {
      total += Double.parseDouble(matcher.group(1));
    }
    return Math.round(total);
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code POST path} with a JSON body. */
  HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code DELETE path}. */
  HttpResponse<String> delete(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the PDP " + name + " stopped; see target/pdp-logs/" + name + ".log");
      }
      try {
        if (get("/q/health/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the PDP " + name + " was not ready within 120 s");
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      try {
        stop();
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
