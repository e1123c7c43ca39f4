package dev.arbiter.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;

/**
 * A chain kept in PostgreSQL: table {@value #RECORDS}, one row per record, with the record's
 * canonical text in {@code record}, its hash in {@code hash}, and the {@linkplain AuditColumns
 * columns} stores filter on beside them (among them {@code kind}, since schema version 3; a table
 * without it holds decisions only); and table {@value #HEAD}, one row naming the last record.
 * The service writes both in one transaction per batch. Plain JDBC, so the command line needs no
 * more than a driver.
 */
public final class AuditTable {
  /** The records. */
  public static final String RECORDS = "arbiter_audit_record";

  /** The chain's head: one row, {@code id = 1}. */
  public static final String HEAD = "arbiter_audit_head";

  private static final String COLUMNS = "seq, decision_id, decided_at, caller, subject_type, subject_id, action,"
      + " resource_type, resource_id, decision, revision, record, hash";

  private AuditTable() {}

  /**
   * Verifies every row in seq order, then that the head row names the last one: rows deleted at the
   * end of the table are found there, unless the head was changed with them.
   */
  public static Verification verify(Connection connection) throws SQLException {
    ChainVerifier verifier = new ChainVerifier();
    boolean autoCommit = connection.getAutoCommit();
    // Without a transaction the PostgreSQL driver reads the whole table into memory at once.
    connection.setAutoCommit(false);
    // A table from before record kinds (schema version 2) holds decisions only.
    boolean kinds = hasKindColumn(connection);
    String select = "SELECT " + COLUMNS + (kinds ? ", kind" : "") + " FROM " + RECORDS + " ORDER BY seq";
    try (PreparedStatement rows = connection.prepareStatement(select)) {
      rows.setFetchSize(1000);
      long count = 0;
      try (ResultSet row = rows.executeQuery()) {
        while (row.next()) {
          count++;
          Timestamp decidedAt = row.getTimestamp(3);
          RecordKind kind = kinds ? RecordKind.ofCode(nonNull(row.getString(14))).orElse(null) : RecordKind.DECISION;
          if (kind == null) {
            return new Verification.Broken(new Break(count, Optional.empty(), Optional.ofNullable(row.getString(2)),
                "column `kind` is \"" + row.getString(14) + "\", which is no kind of record: the row was changed"));
          }
          // A column set to NULL behind the service's back stays null, and differs from the hashed record.
          AuditColumns columns = new AuditColumns(row.getLong(1), nonNull(row.getString(2)),
              decidedAt == null ? java.time.Instant.EPOCH : decidedAt.toInstant(), nonNull(row.getString(4)),
              row.getString(5), row.getString(6), nonNull(row.getString(7)), row.getString(8), row.getString(9),
              row.getString(10), row.getString(11), kind);
          Optional<Break> broken = verifier.row(nonNull(row.getString(12)), nonNull(row.getString(13)), columns);
          if (broken.isPresent()) {
            return new Verification.Broken(broken.get());
          }
        }
      }
      Optional<Break> tail = checkHead(connection, verifier.head(), count);
      return tail.<Verification>map(Verification.Broken::new).orElseGet(() -> new Verification.Intact(verifier.head(), 0));
    } finally {
      connection.rollback();
      connection.setAutoCommit(autoCommit);
    }
  }

  private static Optional<Break> checkHead(Connection connection, ChainHead last, long rows) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT seq, hash FROM " + HEAD + " WHERE id = 1");
        ResultSet head = select.executeQuery()) {
      long seq = head.next() ? head.getLong(1) : 0;
      String hash = seq == 0 ? AuditChain.GENESIS : head.getString(2);
      if (seq == last.seq() && last.hash().equals(hash)) {
        return Optional.empty();
      }
      return Optional.of(Break.unreadable(rows + 1, seq > last.seq()
          ? "the chain's head names record " + seq + " but the table ends at record " + last.seq()
              + ": records " + (last.seq() + 1) + " to " + seq + " were deleted"
          : "the chain's head names record " + seq + " (" + hash + ") but the last record is " + last.seq() + " ("
              + last.hash() + "): the head or the last records were changed"));
    }
  }

  /** Whether the records table has the {@code kind} column, added with record kinds. */
  private static boolean hasKindColumn(Connection connection) throws SQLException {
    try (ResultSet column = connection.getMetaData().getColumns(null, null, RECORDS, "kind")) {
      return column.next();
    }
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }
}
