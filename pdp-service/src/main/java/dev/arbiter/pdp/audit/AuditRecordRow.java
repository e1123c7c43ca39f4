package dev.arbiter.pdp.audit;

import dev.arbiter.audit.AuditColumns;
import dev.arbiter.audit.ChainedRecord;
import dev.arbiter.audit.StoredLine;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One record of the chain in table {@code arbiter_audit_record}: its canonical text and hash, and
 * the {@link AuditColumns} searches use, taken from that text. Records of other kinds than decisions
 * leave the decision-only columns null.
 */
@Entity
@Table(name = "arbiter_audit_record")
class AuditRecordRow {
  @Id
  Long seq;

  @Column(name = "decision_id", nullable = false, updatable = false)
  String decisionId;

  @Column(name = "decided_at", nullable = false, updatable = false)
  Instant decidedAt;

  @Column(nullable = false, updatable = false)
  String caller;

  @Column(name = "subject_type", updatable = false)
  String subjectType;

  @Column(name = "subject_id", updatable = false)
  String subjectId;

  @Column(nullable = false, updatable = false)
  String action;

  @Column(name = "resource_type", updatable = false)
  String resourceType;

  @Column(name = "resource_id", updatable = false)
  String resourceId;

  @Column(updatable = false)
  String decision;

  @Column(updatable = false)
  String revision;

  /** {@code decision}, {@code grant}, … (see {@link dev.arbiter.audit.RecordKind}). */
  @Column(nullable = false, updatable = false)
  String kind;

  @Column(nullable = false, updatable = false)
  String record;

  @Column(nullable = false, updatable = false, columnDefinition = "char(64)")
  String hash;

  /** The row of a chained record, its columns read from its own canonical text. */
  static AuditRecordRow of(ChainedRecord chained) {
    AuditColumns columns = new StoredLine(chained.canonical(), chained.hash()).record().flatMap(AuditColumns::of)
        .orElseThrow(() -> new IllegalArgumentException("not an audit record: seq " + chained.seq()));
    AuditRecordRow row = new AuditRecordRow();
    row.seq = columns.seq();
    row.decisionId = columns.decisionId();
    row.decidedAt = columns.time();
    row.caller = columns.caller();
    row.subjectType = columns.subjectType();
    row.subjectId = columns.subjectId();
    row.action = columns.action();
    row.resourceType = columns.resourceType();
    row.resourceId = columns.resourceId();
    row.decision = columns.decision();
    row.revision = columns.revision();
    row.kind = columns.kind().code();
    row.record = chained.text();
    row.hash = chained.hash();
    return row;
  }

  /** The record as a file line would hold it, without the newline: what the search answers. */
  String line() {
    byte[] line = new ChainedRecord(seq, record.getBytes(StandardCharsets.UTF_8), hash).line();
    return new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
  }
}
