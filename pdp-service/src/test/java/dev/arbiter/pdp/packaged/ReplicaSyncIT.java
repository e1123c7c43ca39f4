package dev.arbiter.pdp.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.pdp.store.EmbeddedPostgresResource;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two packaged services, each in its own process, on one PostgreSQL: started together (so they race
 * to migrate and seed), they serve the shipped policies as the README shows; a revision activated on
 * A must be served by B within a second, through LISTEN/NOTIFY; and a change of the active pointer
 * that sends no notification at all must still reach both through the periodic reconcile.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaSyncIT {
  private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String OTHER_TEAM_READS = """
      {"subject": {"type": "user", "id": "bo", "properties": {"team": "red"}},
       "action": {"name": "read"},
       "resource": {"type": "document", "id": "plan", "properties": {"team": "blue"}}}""";

  private static EmbeddedPostgresResource.Database database;
  private static Replica a;
  private static Replica b;

  private record Replica(String name, int port, Process process, Path log) {
    URI uri(String path) {
      return URI.create("http://127.0.0.1:" + port + path);
    }
  }

  @BeforeAll
  static void startTwoReplicas() throws Exception {
    assertThat(JAR).as("run ./mvnw package first").exists();
    database = EmbeddedPostgresResource.createDatabase("replica_sync");
    a = start("a");
    b = start("b");
    awaitReady(a);
    awaitReady(b);
  }

  @AfterAll
  static void stopReplicas() throws InterruptedException {
    for (Replica replica : new Replica[] {a, b}) {
      if (replica != null) {
        replica.process().destroy();
        replica.process().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  @Order(1)
  void theSeededDatabaseAnswersTheReadmeExamples() throws Exception {
    List<ReadmeExamples.Example> examples = ReadmeExamples.read(REPOSITORY.resolve("README.md"));
    assertThat(examples).hasSizeGreaterThanOrEqualTo(2);
    for (Replica replica : new Replica[] {a, b}) {
      for (ReadmeExamples.Example example : examples) {
        ReadmeExamples.assertMatches(example, send(replica, "POST", example.path(), example.body(REPOSITORY)).body());
      }
    }
  }

  @Test
  @Order(2)
  void anActivationOnOneReplicaIsServedByTheOtherWithinASecond() throws Exception {
    long everyoneReads = upload(a, "  permit \"everyone-reads\" when action.name == \"read\"\n");
    assertThat(decision(b)).isFalse();

    HttpResponse<String> activated = send(a, "POST", "/admin/v1/revisions/" + everyoneReads + "/activate", "");
    long activatedAt = System.nanoTime();
    assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
    assertThat(decision(a)).as("A serves it when it answers").isTrue();
    Duration waited = awaitWithin(Duration.ofSeconds(1), activatedAt, () -> decision(b));
    assertThat(waited).as("B served the activation after %s", waited).isLessThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(revisionServed(b)).isEqualTo(JSON.readTree(activated.body()).path("active").path("revision").asText());
  }

  @Test
  @Order(3)
  void aMissedNotificationIsCaughtByTheReconcile() throws Exception {
    long plain = upload(a, "");
    // Point at the revision behind the services' backs: an activation with no NOTIFY, as if the
    // notification were lost.
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      long activation;
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO arbiter_activation"
          + " (revision, previous_activation, action, activated_by, activated_at)"
          + " SELECT ?, activation, 'activate', 'test', now() FROM arbiter_active_revision RETURNING id")) {
        insert.setLong(1, plain);
        try (ResultSet rows = insert.executeQuery()) {
          rows.next();
          activation = rows.getLong(1);
        }
      }
      try (PreparedStatement point = connection.prepareStatement(
          "UPDATE arbiter_active_revision SET activation = ?")) {
        point.setLong(1, activation);
        point.executeUpdate();
      }
      connection.commit();
    }
    long changedAt = System.nanoTime();
    String expected = JSON.readTree(send(a, "GET", "/admin/v1/revisions/" + plain, "").body())
        .path("revision").path("revision").asText();
    // the reconcile runs every second here; allow it two rounds and a margin on a busy machine
    for (Replica replica : new Replica[] {a, b}) {
      Duration waited = awaitWithin(Duration.ofSeconds(5), changedAt, () -> expected.equals(revisionServed(replica)));
      assertThat(waited).as("%s caught up after %s", replica.name(), waited).isLessThanOrEqualTo(Duration.ofSeconds(5));
    }
  }

  // ---- the replicas

  private static Replica start(String name) throws IOException {
    int port = freePort();
    Path log = Path.of("target", "replica-" + name + ".log");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Dquarkus.http.port=" + port);
    command.add("-Darbiter.policies.dir=" + REPOSITORY.resolve("policies"));
    command.add("-Darbiter.store.reconcile=PT1S");
    database.serviceConfig().forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(JAR.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new Replica(name, port, process, log);
  }

  private static void awaitReady(Replica replica) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(replica.process().isAlive()).as("replica %s is running: %s", replica.name(), output(replica)).isTrue();
      try {
        if (HTTP.send(HttpRequest.newBuilder(replica.uri("/q/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("replica " + replica.name() + " was not ready within 120 s: " + output(replica));
  }

  private static String output(Replica replica) {
    try {
      return Files.readString(replica.log());
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  /** Polls {@code condition} until {@code limit} after {@code since}, then a little longer to tell how late it was. */
  private static Duration awaitWithin(Duration limit, long since, BooleanSupplier condition) throws InterruptedException {
    long giveUp = since + limit.toNanos() * 3;
    while (System.nanoTime() < giveUp) {
      if (condition.getAsBoolean()) {
        return Duration.ofNanos(System.nanoTime() - since);
      }
      Thread.sleep(20);
    }
    return Duration.ofNanos(System.nanoTime() - since);
  }

  // ---- talking to a replica (auth mode none on loopback: every caller has every role)

  private static long upload(Replica replica, String rule) throws IOException, InterruptedException {
    Path hello = REPOSITORY.resolve("policies/examples/hello");
    Map<String, String> files = new LinkedHashMap<>();
    files.put("bundle.json", Files.readString(hello.resolve("bundle.json")));
    files.put("hello.pol", Files.readString(hello.resolve("hello.pol"))
        .replace("policy \"documents\" {\n", "policy \"documents\" {\n" + rule) + "// " + System.nanoTime() + "\n");
    HttpResponse<String> stored = send(replica, "POST", "/admin/v1/revisions",
        JSON.writeValueAsString(Map.of("files", files)));
    assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
    return JSON.readTree(stored.body()).path("revision").path("number").asLong();
  }

  /** Whether the replica permits {@link #OTHER_TEAM_READS}: false too while it serves another bundle. */
  private static boolean decision(Replica replica) {
    try {
      JsonNode answer = JSON.readTree(send(replica, "POST", "/access/v1/evaluation", OTHER_TEAM_READS).body());
      return answer.path("decision").asBoolean(false);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static String revisionServed(Replica replica) {
    try {
      return JSON.readTree(send(replica, "GET", "/v1/admin/status", null).body()).path("active").path("revision")
          .asText();
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static HttpResponse<String> send(Replica replica, String method, String path, String body)
      throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(replica.uri(path)).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
