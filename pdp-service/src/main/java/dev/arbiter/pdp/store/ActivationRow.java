package dev.arbiter.pdp.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One change of the active revision (table {@code arbiter_activation}). {@code previousActivation}
 * is the activation it replaced on the stack that a rollback walks down: a rollback restores the
 * replaced one's revision and inherits its predecessor, so rolling back twice goes back twice.
 */
@Entity
@Table(name = "arbiter_activation")
class ActivationRow {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(nullable = false, updatable = false)
  long revision;

  @Column(name = "previous_activation", updatable = false)
  Long previousActivation;

  /** {@code seed}, {@code activate} or {@code rollback}. */
  @Column(nullable = false, updatable = false)
  String action;

  @Column(name = "activated_by", nullable = false, updatable = false)
  String activatedBy;

  @Column(name = "activated_at", nullable = false, updatable = false)
  Instant activatedAt;
}
