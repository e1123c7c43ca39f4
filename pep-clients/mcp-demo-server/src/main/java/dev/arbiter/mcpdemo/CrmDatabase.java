package dev.arbiter.mcpdemo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The CRM table {@code customers} in an in-memory H2 database. Queries run as a user that may only
 * {@code SELECT} from it, on a read-only connection, so {@code query_db} cannot change anything
 * whatever SQL it is given. Rows are keyed by the underlying column's name in lower case (the form
 * the policies' {@code mask} obligation names), not by an alias, so {@code SELECT ssn AS s} is
 * still masked; a computed column ({@code ssn || ''}) is not: key-based masking has that limit.
 */
final class CrmDatabase {
  static final int MAX_ROWS = 100;

  /**
   * No {@code DB_CLOSE_DELAY} in the URL: H2 runs URL settings as {@code SET} commands for every
   * connection, and the reader may not run them. The owner's connection keeps the database alive.
   */
  private final String url = "jdbc:h2:mem:crm-" + UUID.randomUUID();
  private final String readerPassword = UUID.randomUUID().toString();
  private final Connection owner;

  CrmDatabase() throws SQLException {
    owner = DriverManager.getConnection(url, "owner", UUID.randomUUID().toString());
    try (Statement statement = owner.createStatement()) {
      statement.execute("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(100), email VARCHAR(100),"
          + " ssn VARCHAR(11), tier VARCHAR(20))");
      statement.execute("INSERT INTO customers VALUES"
          + " (1, 'Ada Lovelace', 'ada@example.com', '123-45-6789', 'gold'),"
          + " (2, 'Grace Hopper', 'grace@example.com', '987-65-4321', 'silver'),"
          + " (3, 'Alan Turing', 'alan@example.com', '555-12-3456', 'gold')");
      statement.execute("CREATE USER reader PASSWORD '" + readerPassword + "'");
      statement.execute("GRANT SELECT ON customers TO reader");
    }
  }

  /** The rows {@code sql} selects, at most {@link #MAX_ROWS}. */
  List<Map<String, Object>> query(String sql) throws SQLException {
    try (Connection reader = DriverManager.getConnection(url, "reader", readerPassword)) {
      reader.setReadOnly(true);
      try (Statement statement = reader.createStatement()) {
        statement.setMaxRows(MAX_ROWS);
        statement.setQueryTimeout(5);
        if (!statement.execute(sql)) {
          throw new SQLException("only queries that return rows are allowed");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ResultSet result = statement.getResultSet()) {
          ResultSetMetaData columns = result.getMetaData();
          while (result.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= columns.getColumnCount(); i++) {
              row.put(columns.getColumnName(i).toLowerCase(Locale.ROOT), result.getObject(i));
            }
            rows.add(row);
          }
        }
        return rows;
      }
    }
  }

  void close() throws SQLException {
    owner.close();
  }
}
