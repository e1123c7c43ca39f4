package dev.arbiter.pdp.audit;

import dev.arbiter.audit.AuditChain;
import dev.arbiter.audit.ChainHead;
import dev.arbiter.audit.ChainedRecord;
import dev.arbiter.audit.RecordKind;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonObject;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The chain in PostgreSQL ({@code arbiter.store=postgres}), one chain for every replica: a batch is
 * one transaction that locks the head row ({@code SELECT … FOR UPDATE}), links its records to it,
 * inserts them in JDBC-style batches through a stateless Hibernate Reactive session, and moves the
 * head. Records count as persisted once that transaction has committed. A batch retried after a
 * failure leaves out the decisions a commit that was not acknowledged already stored.
 */
final class PostgresAuditSink implements AuditSink {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Mutiny.SessionFactory sessions;
  private final String describe;
  private volatile ChainHead head;
  private boolean retrying;

  private PostgresAuditSink(Mutiny.SessionFactory sessions, String describe, ChainHead head) {
    this.sessions = sessions;
    this.describe = describe;
    this.head = head;
  }

  /** The sink over migrated tables; reads the head once for the metrics. */
  static PostgresAuditSink open(Mutiny.SessionFactory sessions, String describe) {
    ChainHead head = await(() -> sessions.withStatelessSession(session -> session.get(AuditHeadRow.class,
        AuditHeadRow.ID))).head();
    return new PostgresAuditSink(sessions, describe, head);
  }

  @Override
  public void append(List<JsonObject> records) {
    boolean checkStored = retrying;
    retrying = true;
    head = await(() -> sessions.withStatelessTransaction(session -> session.get(AuditHeadRow.class, AuditHeadRow.ID,
            LockMode.PESSIMISTIC_WRITE)
        .chain(locked -> (checkStored ? alreadyStored(session, records) : Uni.createFrom().item(Set.<String>of()))
            .chain(stored -> {
              ChainHead next = locked.head();
              List<Object> rows = new ArrayList<>(records.size());
              for (JsonObject record : records) {
                if (!stored.contains(decisionId(record))) {
                  ChainedRecord chained = AuditChain.append(next, record);
                  rows.add(AuditRecordRow.of(chained));
                  next = chained.head();
                }
              }
              locked.seq = next.seq();
              locked.hash = next.hash();
              ChainHead moved = next;
              return session.insertMultiple(rows).chain(() -> session.update(locked)).replaceWith(moved);
            }))));
    retrying = false;
  }

  /** Records of the batch a commit already stored, when its acknowledgement was lost. */
  private static Uni<Set<String>> alreadyStored(Mutiny.StatelessSession session, List<JsonObject> records) {
    List<String> ids = records.stream().map(PostgresAuditSink::decisionId).toList();
    return session.createSelectionQuery("select decisionId from AuditRecordRow where decisionId in :ids", String.class)
        .setParameter("ids", ids).getResultList().map(HashSet::new);
  }

  /** The id a record keeps in column {@code decision_id}: a decision's id, or another kind's {@code id}. */
  private static String decisionId(JsonObject record) {
    String member = record.members().containsKey(RecordKind.MEMBER) ? "id" : "decision_id";
    return record.members().get(member) instanceof Json.JsonString id ? id.value() : "";
  }

  @Override
  public ChainHead head() {
    return head;
  }

  @Override
  public AuditQuery.Page query(AuditQuery query) {
    AuditQuery.Filter filter = query.filter();
    StringBuilder where = new StringBuilder("seq > :after");
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("after", query.after().map(AuditQuery.PageToken::afterSeq).orElse(0L));
    condition(where, parameters, "subjectType", "=", filter.subjectType());
    condition(where, parameters, "subjectId", "=", filter.subjectId());
    condition(where, parameters, "resourceType", "=", filter.resourceType());
    condition(where, parameters, "resourceId", "=", filter.resourceId());
    condition(where, parameters, "decision", "=", filter.decision());
    condition(where, parameters, "kind", "=", filter.kind().map(RecordKind::code));
    condition(where, parameters, "action", "=", filter.action());
    condition(where, parameters, "decidedAt", ">=", filter.from());
    condition(where, parameters, "decidedAt", "<", filter.to());
    return await(() -> sessions.withStatelessSession(session -> {
      var select = session.createSelectionQuery("from AuditRecordRow where " + where + " order by seq",
          AuditRecordRow.class);
      parameters.forEach(select::setParameter);
      return select.setMaxResults(query.limit() + 1).getResultList()
          .chain(rows -> session.get(AuditHeadRow.class, AuditHeadRow.ID).map(current -> {
            List<AuditRecordRow> page = rows.subList(0, Math.min(rows.size(), query.limit()));
            List<String> lines = page.stream().map(AuditRecordRow::line).toList();
            Optional<AuditQuery.PageToken> next = rows.size() > query.limit()
                ? Optional.of(new AuditQuery.PageToken(page.getLast().seq, 0))
                : Optional.empty();
            return new AuditQuery.Page(lines, next, current.head());
          }));
    }));
  }

  private static void condition(StringBuilder where, Map<String, Object> parameters, String field, String operator,
      Optional<?> value) {
    if (value.isPresent()) {
      String name = "p" + parameters.size();
      where.append(" and ").append(field).append(' ').append(operator).append(" :").append(name);
      parameters.put(name, value.get());
    }
  }

  @Override
  public String describe() {
    return describe;
  }

  @Override
  public void close() {
    // the session factory is Quarkus'
  }

  /** Runs reactive work on a Vert.x context and waits: the writer and the search run on plain threads. */
  private static <T> T await(Supplier<Uni<T>> work) {
    try {
      return VertxContextSupport.subscribeAndAwait(() -> work.get().ifNoItem().after(TIMEOUT).fail());
    } catch (RuntimeException e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("database call failed: " + e.getMessage(), e);
    }
  }
}
