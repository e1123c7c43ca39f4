package dev.arbiter.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.arbiter.policy.json.Json.JsonNumber;
import dev.arbiter.policy.json.Json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chain over a JSON-lines file: every kind of tampering is found at the first record it touches. */
class AuditChainTest {
  @TempDir Path dir;

  private final List<ChainedRecord> records = TestChains.chain(6);
  private final List<String> lines = new ArrayList<>(TestChains.lines(records));

  @Test
  void anUntouchedChainVerifiesAndEndsAtItsLastRecord() throws IOException {
    Verification verification = verify(lines);
    assertThat(verification).isEqualTo(new Verification.Intact(records.getLast().head(), 0));
    assertThat(records.getLast().head().seq()).isEqualTo(6);
  }

  @Test
  void theHashIsSha256OfThePreviousHashAndTheCanonicalRecord() throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update(HexFormat.of().parseHex(records.get(0).hash()));
    sha256.update(records.get(1).canonical());
    assertThat(records.get(1).hash()).isEqualTo(HexFormat.of().formatHex(sha256.digest()));

    sha256.update(new byte[32]);
    sha256.update(records.get(0).canonical());
    assertThat(records.get(0).hash()).as("the first links to 32 zero bytes").isEqualTo(HexFormat.of()
        .formatHex(sha256.digest()));
  }

  @Test
  void aLineIsTheCanonicalRecordWithItsHashLast() {
    String line = lines.get(2);
    assertThat(line).startsWith("{\"action\":\"tools/call\",\"caller\":\"pep\",\"decision\":\"permit\","
        + "\"decision_id\":\"d-3\",\"errors\":[],\"latency_ns\":1003,\"masked\":[],\"obligations\":[],")
        .contains(",\"seq\":3,\"subject\":{\"id\":\"bob\",\"type\":\"identity\"},"
            + "\"time\":\"2026-03-02T10:00:00.003000Z\",\"v\":1,\"via\":\"rest\"")
        .endsWith(",\"hash\":\"" + records.get(2).hash() + "\"}");
    assertThat(StoredLine.split(line.getBytes(StandardCharsets.UTF_8)).orElseThrow().canonical())
        .isEqualTo(records.get(2).canonical());
  }

  @Test
  void aModifiedRecordIsNamed() throws IOException {
    lines.set(3, lines.get(3).replace("\"decision\":\"deny\"", "\"decision\":\"permit\""));
    assertBroken(verify(lines), 4, "d-4", "its hash does not follow from its content and the record before it");
  }

  @Test
  void aModifiedRecordWithItsHashRecomputedBreaksTheNextOne() throws IOException {
    byte[] forged = StoredLine.split(lines.get(3).replace("\"decision\":\"deny\"", "\"decision\":\"permit\"")
        .getBytes(StandardCharsets.UTF_8)).orElseThrow().canonical();
    String hash = AuditChain.link(records.get(2).hash(), forged);
    lines.set(3, new String(forged, StandardCharsets.UTF_8).replaceFirst("}$", ",\"hash\":\"" + hash + "\"}"));
    assertBroken(verify(lines), 5, "d-5", "its hash does not follow from its content and the record before it");
  }

  @Test
  void aDeletedRecordIsNamedWhereItIsMissing() throws IOException {
    lines.remove(2);
    assertBroken(verify(lines), 3, "d-4", "its seq is 4 where 3 was expected: record 3 is missing");
  }

  @Test
  void anInsertedRecordIsNamed() throws IOException {
    lines.add(2, lines.get(1));
    assertBroken(verify(lines), 3, "d-2", "its seq is 2 where 3 was expected: it was inserted or moved here");
  }

  @Test
  void aForgedRecordChainedInPerfectlyIsFoundByTheRecordItDisplaced() throws IOException {
    ChainedRecord forged = AuditChain.append(records.get(1).head(), TestChains.event(99).toJson());
    lines.add(2, new String(forged.line(), StandardCharsets.UTF_8).stripTrailing());
    assertBroken(verify(lines), 4, "d-3", "its seq is 3 where 4 was expected: it was inserted or moved here");
  }

  @Test
  void reorderedRecordsAreNamed() throws IOException {
    lines.set(2, lines.set(3, lines.get(2)));
    assertBroken(verify(lines), 3, "d-4", "its seq is 4 where 3 was expected");
  }

  @Test
  void aLineCutShortInTheMiddleIsNamed() throws IOException {
    lines.set(2, lines.get(2).substring(0, 80));
    assertBroken(verify(lines), 3, null, "it is not a JSON record");
  }

  @Test
  void aRecordWithoutItsHashIsNamed() throws IOException {
    lines.set(2, lines.get(2).replaceFirst(",\"hash\":\"[0-9a-f]+\"}$", "}"));
    assertBroken(verify(lines), 3, "d-3", "it does not end with a `hash` member");
  }

  @Test
  void aRecordReformattedButUnchangedIsStillAnEdit() throws IOException {
    lines.set(2, lines.get(2).replace("\"caller\":\"pep\"", "\"caller\": \"pep\""));
    assertBroken(verify(lines), 3, "d-3", "its text is not the canonical encoding of its content");
  }

  @Test
  void anIncompleteLastLineIsATornTailNotTampering() throws IOException {
    Path file = TestChains.write(dir.resolve("audit.jsonl"), lines);
    byte[] last = (lines.get(5) + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(Files.size(file) - last.length + 40);
    }
    assertThat(AuditFile.verify(file)).isEqualTo(new Verification.Intact(records.get(4).head(), 40));
  }

  @Test
  void recoveryCutsTheTornTailAndContinuesTheChainFromTheLastCompleteRecord() throws IOException {
    Path file = TestChains.write(dir.resolve("audit.jsonl"), lines);
    Files.write(file, "{\"action\":\"tools/c".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    long complete = Files.size(file) - 18;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      AuditFile.Recovery recovery = AuditFile.recover(channel, file);
      assertThat(recovery).isEqualTo(new AuditFile.Recovery(records.getLast().head(), complete, 18));
      ChainedRecord next = AuditChain.append(recovery.head(), TestChains.event(7).toJson());
      channel.write(ByteBuffer.wrap(next.line()), recovery.size());
    }
    assertThat(Files.size(file)).isGreaterThan(complete);
    assertThat(AuditFile.verify(file)).isInstanceOfSatisfying(Verification.Intact.class,
        intact -> assertThat(intact.head().seq()).isEqualTo(7));
  }

  @Test
  void recoveryOfAnEmptyFileStartsAtGenesis() throws IOException {
    Path file = Files.createFile(dir.resolve("empty.jsonl"));
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      assertThat(AuditFile.recover(channel, file)).isEqualTo(new AuditFile.Recovery(ChainHead.GENESIS, 0, 0));
    }
  }

  @Test
  void recoveryRefusesAFileWhoseLastLineIsNotARecord() throws IOException {
    Path file = TestChains.write(dir.resolve("audit.jsonl"), List.of(lines.get(0), "not a record"));
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      assertThatIOException().isThrownBy(() -> AuditFile.recover(channel, file))
          .withMessageContaining("its last line is not an audit record");
    }
  }

  @Test
  void theChainSetsSeqItself() {
    JsonObject withSeq = new JsonObject(Map.of("seq", new JsonNumber(5L, 0, 0)), 0, 0);
    assertThatIllegalArgumentException().isThrownBy(() -> AuditChain.append(ChainHead.GENESIS, withSeq));
  }

  private Verification verify(List<String> content) throws IOException {
    return AuditFile.verify(TestChains.write(dir.resolve("audit.jsonl"), content));
  }

  private static void assertBroken(Verification verification, long position, String decisionId, String reason) {
    assertThat(verification).isInstanceOfSatisfying(Verification.Broken.class, broken -> {
      assertThat(broken.at().position()).as(broken.at().toString()).isEqualTo(position);
      assertThat(broken.at().decisionId()).isEqualTo(Optional.ofNullable(decisionId));
      assertThat(broken.at().reason()).contains(reason);
    });
  }
}
