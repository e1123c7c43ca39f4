package dev.arbiter.pdp.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The one row saying which activation is current (table {@code arbiter_active_revision}). */
@Entity
@Table(name = "arbiter_active_revision")
class ActivePointerRow {
  static final short ID = 1;

  @Id
  Short id;

  @Column(nullable = false)
  long activation;
}
