package dev.arbiter.cli;

import dev.arbiter.audit.AuditFile;
import dev.arbiter.audit.AuditTable;
import dev.arbiter.audit.Verification;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "audit", description = "Work with the PDP's audit trail.", subcommands = AuditCommand.Verify.class)
final class AuditCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "verify",
      description = {
        "Verify an audit trail's hash chain, in a JSON-lines file or in PostgreSQL, and name the first record"
            + " that was modified, deleted, inserted or moved.",
        "Exit status: 0 intact, 1 broken, 2 usage or I/O problem."
      })
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    Source source;

    static final class Source {
      @Parameters(paramLabel = "FILE", description = "the audit file (arbiter.audit.file)")
      Path file;

      @ArgGroup(exclusive = false)
      Database database;
    }

    static final class Database {
      @Option(names = "--jdbc-url", required = true, paramLabel = "URL",
          description = "the store's database, e.g. jdbc:postgresql://db:5432/arbiter")
      String url;

      @Option(names = "--user", paramLabel = "NAME", description = "database user")
      String user;

      @Option(names = "--password", paramLabel = "SECRET", defaultValue = "${env:PGPASSWORD}",
          description = "database password (default: $PGPASSWORD)")
      String password;
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String where = source.file != null ? source.file.toString() : source.database.url;
      Verification verification;
      try {
        verification = source.file != null ? verifyFile(source.file) : verifyDatabase(source.database);
      } catch (IOException | SQLException e) {
        err.println("arbiter: cannot read the audit trail in " + where + ": " + e.getMessage());
        err.flush();
        return Exit.USAGE;
      }
      int exit = switch (verification) {
        case Verification.Intact intact -> {
          out.println(where + ": intact: " + intact.head().seq() + " records, last hash " + intact.head().hash());
          if (intact.tornBytes() > 0) {
            out.println(where + ": ignored an incomplete last line of " + intact.tornBytes() + " bytes: a write cut"
                + " short by a crash, never persisted; the service removes it when it starts");
          }
          yield Exit.OK;
        }
        case Verification.Broken broken -> {
          out.println(where + ": broken at " + broken.at());
          yield Exit.FINDINGS;
        }
      };
      out.flush();
      return exit;
    }

    private static Verification verifyFile(Path file) throws IOException {
      if (!Files.isRegularFile(file)) {
        throw new IOException("no such file");
      }
      return AuditFile.verify(file);
    }

    private static Verification verifyDatabase(Database database) throws SQLException {
      try (Connection connection = DriverManager.getConnection(database.url, database.user, database.password)) {
        connection.setReadOnly(true);
        return AuditTable.verify(connection);
      }
    }
  }
}
