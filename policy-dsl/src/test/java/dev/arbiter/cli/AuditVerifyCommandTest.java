package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.audit.ChainedRecord;
import dev.arbiter.audit.TestChains;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arbiter audit verify FILE}: what it prints and its exit status. */
class AuditVerifyCommandTest {
  @TempDir Path dir;

  private final List<ChainedRecord> records = TestChains.chain(4);

  record Run(int exitCode, String out, String err) {}

  @Test
  void anIntactFileExitsZeroAndNamesItsHead() throws IOException {
    Path file = TestChains.write(dir.resolve("decisions.jsonl"), TestChains.lines(records));
    Run run = arbiter("audit", "verify", file.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(file + ": intact: 4 records, last hash " + records.getLast().hash() + "\n");
  }

  @Test
  void aTornLastLineIsReportedAndIgnored() throws IOException {
    Path file = TestChains.write(dir.resolve("decisions.jsonl"), TestChains.lines(records));
    Files.write(file, "{\"action\":\"to".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    Run run = arbiter("audit", "verify", file.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("intact: 4 records").contains("ignored an incomplete last line of 13 bytes");
  }

  @Test
  void aBrokenFileExitsOneAndNamesTheFirstBadRecord() throws IOException {
    List<String> lines = new ArrayList<>(TestChains.lines(records));
    lines.set(1, lines.get(1).replace("\"caller\":\"pep\"", "\"caller\":\"eve\""));
    Path file = TestChains.write(dir.resolve("decisions.jsonl"), lines);
    Run run = arbiter("audit", "verify", file.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEqualTo(file + ": broken at record 2 (decision d-2): its hash does not follow from its"
        + " content and the record before it: it was modified, or replaced\n");
  }

  @Test
  void aBrokenNoteIsNamedByItsKindAndId() throws IOException {
    List<String> lines = new ArrayList<>(TestChains.lines(TestChains.mixed(4)));
    lines.set(2, lines.get(2).replace("\"caller\":\"orchestrator\"", "\"caller\":\"eve\""));
    Path file = TestChains.write(dir.resolve("decisions.jsonl"), lines);
    Run run = arbiter("audit", "verify", file.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEqualTo(file + ": broken at record 3 (grant n-3): its hash does not follow from its"
        + " content and the record before it: it was modified, or replaced\n");
  }

  @Test
  void aMissingFileIsAUsageProblem() {
    Run run = arbiter("audit", "verify", dir.resolve("nothing.jsonl").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("cannot read the audit trail in").contains("no such file");
  }

  @Test
  void neitherAFileNorADatabaseIsAUsageProblem() {
    Run run = arbiter("audit", "verify");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required argument");
  }

  @Test
  void anUnreachableDatabaseIsAUsageProblem() {
    Run run = arbiter("audit", "verify", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/arbiter?connectTimeout=2",
        "--user", "arbiter", "--password", "x");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("cannot read the audit trail in jdbc:postgresql://127.0.0.1:1/arbiter");
  }

  private static Run arbiter(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = ArbiterCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exitCode, out.toString().replace(System.lineSeparator(), "\n"), err.toString());
  }
}
