package dev.arbiter.pdp.audit;

import dev.arbiter.cli.ArbiterCli;
import dev.arbiter.pdp.store.EmbeddedPostgresResource;
import java.io.PrintWriter;
import java.io.StringWriter;

/** {@code arbiter audit verify --jdbc-url …}, run in this process against a test database. */
final class AuditVerifyCli {
  record Run(int exitCode, String out, String err) {}

  private AuditVerifyCli() {}

  static Run verify(EmbeddedPostgresResource.Database database) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = ArbiterCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "audit", "verify",
        "--jdbc-url", "jdbc:postgresql://localhost:" + database.port() + "/" + database.name(),
        "--user", EmbeddedPostgresResource.USER, "--password", "");
    return new Run(exit, out.toString(), err.toString());
  }
}
