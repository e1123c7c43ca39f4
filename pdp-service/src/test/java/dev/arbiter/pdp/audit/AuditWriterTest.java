package dev.arbiter.pdp.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.audit.AuditEvent;
import dev.arbiter.audit.AuditFile;
import dev.arbiter.audit.AuditNote;
import dev.arbiter.audit.RecordKind;
import dev.arbiter.audit.Verification;
import dev.arbiter.pdp.audit.AuditConfig.Durability;
import dev.arbiter.pdp.audit.AuditConfig.Overflow;
import dev.arbiter.policy.ast.Decision;
import dev.arbiter.policy.decision.AuthorizationResult;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.request.Request;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer over a real file. A writer not yet started stands for a disk that cannot keep up: its
 * queue fills, deterministically, and the overflow policy shows.
 */
class AuditWriterTest {
  @TempDir Path dir;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<String> securityEvents = new ArrayList<>();
  private final java.util.concurrent.atomic.AtomicLong reportedDrops = new java.util.concurrent.atomic.AtomicLong();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      synchronized (securityEvents) {
        securityEvents.add(String.format(record.getMessage(), record.getParameters()));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private AuditWriter writer;

  @BeforeEach
  void listen() {
    Logger.getLogger(AuditWriter.SECURITY.getName()).addHandler(capture);
  }

  @AfterEach
  void stop() throws Exception {
    Logger.getLogger(AuditWriter.SECURITY.getName()).removeHandler(capture);
    if (writer != null) {
      writer.close();
    }
  }

  @Test
  void dropLosesTheRecordButCountsAndReportsIt() throws Exception {
    writer = writer(Overflow.DROP, Durability.ASYNC);
    List<CompletionStage<Void>> answers = record(3);
    assertThat(answers).allSatisfy(answer -> assertThat(answer.toCompletableFuture()).isCompleted());
    assertThat(registry.get("arbiter.audit.dropped").counter().count()).isEqualTo(1);
    assertThat(events()).anySatisfy(event -> assertThat(event).contains("SECURITY: 1 audit records dropped")
        .contains("arbiter.audit.queue-size=2"));
    assertThat(reportedDrops).as("drops handed on to the security events").hasValue(1);

    writer.start();
    awaitHead(2);
    assertThat(file()).contains("\"decision_id\":\"d-1\"", "\"decision_id\":\"d-2\"").doesNotContain("d-3");
    assertThat(AuditFile.verify(dir.resolve("audit.jsonl"))).isInstanceOf(Verification.Intact.class);
  }

  @Test
  void dropUnderSyncFailsTheAnswerItCouldNotRecord() throws Exception {
    writer = writer(Overflow.DROP, Durability.SYNC);
    List<CompletionStage<Void>> answers = record(3);
    assertThat(answers.get(0).toCompletableFuture()).isNotDone();
    assertThat(answers.get(2).toCompletableFuture()).isCompletedExceptionally();
    assertFailsWith(answers.get(2), "the audit queue is full");

    writer.start();
    answers.get(0).toCompletableFuture().get(10, TimeUnit.SECONDS);
    answers.get(1).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void backpressureHoldsTheAnswerUntilTheRecordHasRoomAndLosesNothing() throws Exception {
    writer = writer(Overflow.BACKPRESSURE, Durability.ASYNC);
    List<CompletionStage<Void>> answers = record(5);
    assertThat(answers.subList(0, 2)).allSatisfy(answer -> assertThat(answer.toCompletableFuture()).isCompleted());
    assertThat(answers.subList(2, 5)).allSatisfy(answer -> assertThat(answer.toCompletableFuture()).isNotDone());
    assertThat(registry.get("arbiter.audit.queue").gauge().value()).isEqualTo(5);

    writer.start();
    CompletableFuture.allOf(answers.stream().map(CompletionStage::toCompletableFuture)
        .toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    awaitHead(5);
    assertThat(registry.get("arbiter.audit.dropped").counter().count()).isZero();
    List<String> lines = Files.readAllLines(dir.resolve("audit.jsonl"));
    for (int n = 1; n <= 5; n++) {
      assertThat(lines.get(n - 1)).as("in the order decided").contains("\"decision_id\":\"d-" + n + "\"");
    }
  }

  @Test
  void notesTakeTheirPlaceInTheChainBetweenDecisionsInTheOrderQueued() throws Exception {
    writer = writer(Overflow.BACKPRESSURE, Durability.ASYNC);
    writer.record(decision(1));
    writer.note(note(RecordKind.GRANT, "n-1"));
    writer.record(decision(2));
    writer.note(note(RecordKind.INCIDENT, "n-2"));
    writer.start();
    awaitHead(4);
    List<String> lines = Files.readAllLines(dir.resolve("audit.jsonl"));
    assertThat(lines.get(0)).contains("\"decision_id\":\"d-1\"").doesNotContain("\"kind\"");
    assertThat(lines.get(1)).contains("\"id\":\"n-1\"", "\"kind\":\"grant\"", "\"seq\":2");
    assertThat(lines.get(2)).contains("\"decision_id\":\"d-2\"");
    assertThat(lines.get(3)).contains("\"id\":\"n-2\"", "\"kind\":\"incident\"");
    assertThat(AuditFile.verify(dir.resolve("audit.jsonl"))).isInstanceOf(Verification.Intact.class);
  }

  @Test
  void underBackpressureAFullQueueParksAChangeButDropsASecurityEvent() throws Exception {
    writer = writer(Overflow.BACKPRESSURE, Durability.ASYNC);
    record(2);
    writer.note(note(RecordKind.GRANT, "n-parked"));
    writer.note(note(RecordKind.SECURITY_EVENT, "n-flood"));
    assertThat(registry.get("arbiter.audit.dropped").counter().count()).isEqualTo(1);
    assertThat(events()).anySatisfy(event -> assertThat(event).contains("SECURITY: 1 audit records dropped"));

    writer.start();
    awaitHead(3);
    assertThat(file()).contains("\"id\":\"n-parked\"").doesNotContain("n-flood");
  }

  @Test
  void syncAnswersWaitUntilTheirRecordIsOnDisk() throws Exception {
    writer = writer(Overflow.BACKPRESSURE, Durability.SYNC);
    CompletionStage<Void> answer = record(1).getFirst();
    assertThat(answer.toCompletableFuture()).isNotDone();
    writer.start();
    answer.toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(file()).as("persisted before the answer completed").contains("\"decision_id\":\"d-1\"");
    assertThat(registry.get("arbiter.audit.written").counter().count()).isEqualTo(1);
  }

  @Test
  void aSinkThatCannotWriteFailsSyncAnswersAndSaysSo() throws Exception {
    FileAuditSink sink = FileAuditSink.open(dir.resolve("audit.jsonl"));
    sink.close();
    writer = new AuditWriter(sink, masking(), 2, 16, Overflow.BACKPRESSURE, Durability.SYNC, registry,
        Duration.ofMillis(300), reportedDrops::addAndGet);
    writer.start();
    CompletionStage<Void> answer = record(1).getFirst();
    assertFailsWith(answer, "the audit trail cannot persist records");
    assertThat(registry.get("arbiter.audit.write.failures").counter().count()).isPositive();
    assertThat(events()).anySatisfy(event -> assertThat(event)
        .startsWith("SECURITY: audit records 1 to 1 could not be written to " + dir.resolve("audit.jsonl")));
  }

  private AuditWriter writer(Overflow overflow, Durability durability) throws Exception {
    return new AuditWriter(FileAuditSink.open(dir.resolve("audit.jsonl")), masking(), 2, 16, overflow, durability,
        registry, Duration.ofSeconds(5), reportedDrops::addAndGet);
  }

  private static Masking masking() {
    return Masking.of(List.of(), List.of(), Optional.empty());
  }

  private List<CompletionStage<Void>> record(int count) {
    List<CompletionStage<Void>> answers = new ArrayList<>();
    for (int n = 1; n <= count; n++) {
      answers.add(writer.record(decision(n)));
    }
    return answers;
  }

  static AuditedDecision decision(int n) {
    Request request = new Request(Request.Entity.of("user", "bob"), Request.Action.of("read"),
        Request.Entity.of("document", "plan-" + n), Map.of());
    AuthorizationResult result = new AuthorizationResult(Decision.PERMIT, List.of(), List.of(), List.of(), List.of(),
        "rev1", Optional.empty());
    return new AuditedDecision("d-" + n, Instant.now(), "pep", "rest", request, MaskingTest.json("""
        {"subject": {"type": "user", "id": "bob"}, "action": {"name": "read"},
         "resource": {"type": "document", "id": "plan-%d"}}""".formatted(n)), result, 1000);
  }

  static AuditNote note(RecordKind kind, String id) {
    return new AuditNote(kind, id, Instant.now(), "ops", "noted", Optional.empty(),
        Optional.of(new AuditEvent.Entity("thing", id)), new JsonObject(Map.of(), 0, 0), List.of());
  }

  private void awaitHead(long seq) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (writer.head().seq() < seq) {
      assertThat(System.nanoTime()).as("record %d persisted in time", seq).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private String file() throws Exception {
    return Files.readString(dir.resolve("audit.jsonl"), StandardCharsets.UTF_8);
  }

  private List<String> events() {
    synchronized (securityEvents) {
      return List.copyOf(securityEvents);
    }
  }

  private static void assertFailsWith(CompletionStage<Void> answer, String message) {
    try {
      answer.toCompletableFuture().get(10, TimeUnit.SECONDS);
      throw new AssertionError("the answer should have failed");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(AuditUnavailable.class).hasMessage(message);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
