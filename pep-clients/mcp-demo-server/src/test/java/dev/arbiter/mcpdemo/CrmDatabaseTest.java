package dev.arbiter.mcpdemo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CrmDatabaseTest {
  private final CrmDatabase crm;

  CrmDatabaseTest() throws SQLException {
    crm = new CrmDatabase();
  }

  @AfterEach
  void close() throws SQLException {
    crm.close();
  }

  @Test
  void queriesReturnRowsKeyedByTheColumnsNameNotTheAlias() throws SQLException {
    assertThat(crm.query("SELECT * FROM customers")).hasSize(3).first()
        .satisfies(row -> assertThat(row).containsEntry("name", "Ada Lovelace").containsEntry("ssn", "123-45-6789"));
    assertThat(crm.query("SELECT ssn AS s FROM customers WHERE id = 2")).singleElement()
        .satisfies(row -> assertThat(row).containsOnlyKeys("ssn"));
  }

  @Test
  void nothingButQueriesRuns() throws SQLException {
    assertThatThrownBy(() -> crm.query("DELETE FROM customers")).isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> crm.query("CREATE TABLE t (x INT)")).isInstanceOf(SQLException.class);
    assertThat(crm.query("SELECT COUNT(*) AS n FROM customers")).singleElement()
        .satisfies(row -> assertThat(row.values()).containsExactly(3L));
  }
}
