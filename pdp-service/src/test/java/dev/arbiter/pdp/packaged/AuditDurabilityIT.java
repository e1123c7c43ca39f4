package dev.arbiter.pdp.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.audit.AuditColumns;
import dev.arbiter.audit.AuditFile;
import dev.arbiter.audit.RecordKind;
import dev.arbiter.audit.StoredLine;
import dev.arbiter.audit.AuditTable;
import dev.arbiter.audit.Verification;
import dev.arbiter.pdp.store.EmbeddedPostgresResource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The audit trail's durability contract, with the packaged service killed by SIGKILL while clients
 * keep it busy: the chain still verifies, and under {@code arbiter.audit.durability=sync} every
 * decision a client received is in it. A torn last line is cut off at the next start, and the
 * chain goes on from the last complete record.
 */
class AuditDurabilityIT {
  private static final int CLIENTS = 4;
  private static final int ACKNOWLEDGED_BEFORE_KILL = 300;
  private static final Pattern DECISION_ID = Pattern.compile("\"decision_id\":\"([^\"]+)\"");
  private static final Path DIRECTORY = Path.of("target", "audit-durability").toAbsolutePath();

  @Test
  void syncDecisionsAClientSawSurviveKill9AndTheChainGoesOnAfterATornLine() throws Exception {
    Path file = fresh("sync.jsonl");
    List<String> settings = List.of("-Darbiter.audit.durability=sync", "-Darbiter.audit.file=" + file);
    Set<String> acknowledged = killUnderLoad(settings, "sync-killed.log");

    assertThat(AuditFile.verify(file)).as("the chain after kill -9").isInstanceOf(Verification.Intact.class);
    assertThat(recordedIds(file)).as("every decision a client was answered").containsAll(acknowledged);
    long headBefore = head(file);

    // A crash in the middle of a write leaves part of a line; simulate the worst case on top of what the kill left.
    byte[] torn = "{\"action\":\"tools/call\",\"caller\":\"lo".getBytes(StandardCharsets.UTF_8);
    Files.write(file, torn, StandardOpenOption.APPEND);
    assertThat(AuditFile.verify(file)).isInstanceOfSatisfying(Verification.Intact.class,
        intact -> assertThat(intact.tornBytes()).isGreaterThanOrEqualTo(torn.length));

    int port = PackagedService.freePort();
    Path log = DIRECTORY.resolve("sync-restarted.log");
    Process service = PackagedService.start(with(settings, "-Dquarkus.http.port=" + port), log);
    Set<String> after = new HashSet<>();
    try {
      HttpClient client = HttpClient.newHttpClient();
      PackagedService.awaitReady(client, port, service);
      for (int i = 0; i < 20; i++) {
        after.add(decide(client, port, i).orElseThrow());
      }
    } finally {
      service.destroy();
      assertThat(service.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(Files.readString(log)).contains("removed an incomplete last line of");
    assertThat(AuditFile.verify(file)).isInstanceOfSatisfying(Verification.Intact.class,
        intact -> assertThat(intact.tornBytes()).isZero());
    // The restarted service also notes records of other kinds (its bundle activation's event): count decisions.
    assertThat(decisionsAfter(file, headBefore)).as("the 20 decisions after the restart, each once").isEqualTo(20);
    assertThat(recordedIds(file)).containsAll(after).containsAll(acknowledged);
  }

  @Test
  void anAsyncChainStillVerifiesAfterKill9() throws Exception {
    Path file = fresh("async.jsonl");
    killUnderLoad(List.of("-Darbiter.audit.durability=async", "-Darbiter.audit.file=" + file), "async-killed.log");
    assertThat(AuditFile.verify(file)).isInstanceOfSatisfying(Verification.Intact.class,
        intact -> assertThat(intact.head().seq()).isPositive());
  }

  @Test
  void syncDecisionsAClientSawSurviveKill9OfThePostgresStore() throws Exception {
    EmbeddedPostgresResource.Database database = EmbeddedPostgresResource.createDatabase("audit_durability");
    List<String> settings = List.of("-Darbiter.audit.durability=sync", "-Darbiter.store=postgres",
        "-Dquarkus.datasource.reactive.url=" + database.reactiveUrl(),
        "-Dquarkus.datasource.username=" + EmbeddedPostgresResource.USER);
    Set<String> acknowledged = killUnderLoad(settings, "postgres-killed.log");

    try (Connection connection = database.connect()) {
      assertThat(AuditTable.verify(connection)).as("the chain after kill -9").isInstanceOf(Verification.Intact.class);
      Set<String> stored = new HashSet<>();
      try (Statement select = connection.createStatement();
          ResultSet rows = select.executeQuery("SELECT decision_id FROM " + AuditTable.RECORDS)) {
        while (rows.next()) {
          stored.add(rows.getString(1));
        }
      }
      assertThat(stored).as("every decision a client was answered").containsAll(acknowledged);
    }
  }

  /**
   * Starts the service, lets {@value #CLIENTS} clients decide until {@value #ACKNOWLEDGED_BEFORE_KILL}
   * answers arrived, then sends SIGKILL to the service's JVM while they go on.
   *
   * @return the decision ids the clients were answered
   */
  private static Set<String> killUnderLoad(List<String> settings, String logName) throws Exception {
    Files.createDirectories(DIRECTORY);
    int port = PackagedService.freePort();
    Process service = PackagedService.start(with(settings, "-Dquarkus.http.port=" + port),
        DIRECTORY.resolve(logName));
    ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> clients = new ArrayList<>();
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      PackagedService.awaitReady(client, port, service);
      for (int c = 0; c < CLIENTS; c++) {
        int offset = c * 1_000_000;
        clients.add(Thread.ofPlatform().name("audit-client-" + c).start(() -> {
          for (int n = offset; running.get(); n++) {
            try {
              decide(client, port, n).ifPresent(acknowledged::add);
            } catch (IOException e) {
              return; // the service is gone
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        }));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (acknowledged.size() < ACKNOWLEDGED_BEFORE_KILL && System.nanoTime() < deadline) {
        assertThat(service.isAlive()).as("the service is running").isTrue();
        Thread.sleep(20);
      }
      assertThat(acknowledged).as("answers before the kill").hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);

      assertThat(service.toHandle().info().command().orElseThrow()).as("the child process is the JVM itself")
          .endsWith("java");
      service.destroyForcibly();
      assertThat(service.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(service.exitValue()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
    } finally {
      running.set(false);
      for (Thread client : clients) {
        client.join(TimeUnit.SECONDS.toMillis(30));
      }
      if (service.isAlive()) {
        service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
    return new HashSet<>(acknowledged);
  }

  /** One evaluation; the decision id when the service answered 200. */
  private static Optional<String> decide(HttpClient client, int port, int n)
      throws IOException, InterruptedException {
    HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/access/v1/evaluation"))
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"subject": {"type": "identity", "id": "bob",
                         "properties": {"roles": ["user"], "tenant": "acme", "clearance": 2, "scopes": ["files:read"]}},
             "action": {"name": "tools/call"}, "resource": {"type": "tool", "id": "read_file"},
             "context": {"arguments": {"path": "/workspace/%d.md"}}}""".formatted(n)))
        .build(), HttpResponse.BodyHandlers.ofString());
    Matcher id = DECISION_ID.matcher(answer.body());
    return answer.statusCode() == 200 && id.find() ? Optional.of(id.group(1)) : Optional.empty();
  }

  private static Set<String> recordedIds(Path file) throws IOException {
    Set<String> ids = new HashSet<>();
    try (AuditFile.Lines lines = AuditFile.Lines.open(file, 0, Long.MAX_VALUE)) {
      for (var line = lines.next(); line.isPresent(); line = lines.next()) {
        Matcher id = DECISION_ID.matcher(new String(line.get().bytes(), StandardCharsets.UTF_8));
        if (StoredLine.split(line.get().bytes()).isPresent() && id.find()) {
          ids.add(id.group(1));
        }
      }
    }
    return ids;
  }

  /** How many decision records follow record {@code seq}. */
  private static long decisionsAfter(Path file, long seq) throws IOException {
    long decisions = 0;
    try (AuditFile.Lines lines = AuditFile.Lines.open(file, 0, Long.MAX_VALUE)) {
      for (var line = lines.next(); line.isPresent(); line = lines.next()) {
        var columns = StoredLine.split(line.get().bytes()).flatMap(StoredLine::record).flatMap(AuditColumns::of);
        if (columns.isPresent() && columns.get().seq() > seq && columns.get().kind() == RecordKind.DECISION) {
          decisions++;
        }
      }
    }
    return decisions;
  }

  private static long head(Path file) throws IOException {
    return ((Verification.Intact) AuditFile.verify(file)).head().seq();
  }

  private static Path fresh(String name) throws IOException {
    Files.createDirectories(DIRECTORY);
    Path file = DIRECTORY.resolve(name);
    Files.deleteIfExists(file);
    return file;
  }

  private static List<String> with(List<String> settings, String more) {
    List<String> all = new ArrayList<>(settings);
    all.add(more);
    return all;
  }
}
