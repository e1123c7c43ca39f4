package dev.arbiter.pdp.audit;

import dev.arbiter.audit.ChainHead;
import dev.arbiter.policy.json.Json.JsonObject;
import java.util.List;

/**
 * Where the chain is kept. {@link #append} is called by the one writer thread only; {@link #query}
 * by any thread, and sees persisted records only.
 */
sealed interface AuditSink extends AutoCloseable permits FileAuditSink, PostgresAuditSink {

  /**
   * Chains the records after the head, in order, and persists them: on return they survive a crash.
   * On failure nothing of the batch counts as written and the head is unchanged.
   */
  void append(List<JsonObject> records) throws Exception;

  /** The last persisted record. */
  ChainHead head();

  /** A page of persisted records. */
  AuditQuery.Page query(AuditQuery query) throws Exception;

  /** Where the records go, for logs. */
  String describe();
}
