package dev.arbiter.pdp.audit;

import dev.arbiter.audit.ChainHead;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The chain's head in table {@code arbiter_audit_head}: one row, locked by each batch that appends. */
@Entity
@Table(name = "arbiter_audit_head")
class AuditHeadRow {
  static final short ID = 1;

  @Id
  Short id;

  @Column(nullable = false)
  long seq;

  @Column(nullable = false, columnDefinition = "char(64)")
  String hash;

  ChainHead head() {
    return new ChainHead(seq, hash);
  }
}
