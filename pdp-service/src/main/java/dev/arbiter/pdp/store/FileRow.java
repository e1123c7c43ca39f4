package dev.arbiter.pdp.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One file of a stored revision: its path in the bundle and its text (table {@code arbiter_revision_file}). */
@Entity
@Table(name = "arbiter_revision_file")
class FileRow {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(nullable = false, updatable = false)
  long revision;

  @Column(nullable = false, updatable = false)
  String path;

  /** {@code manifest}, {@code policy}, {@code test} or {@code data}. */
  @Column(nullable = false, updatable = false)
  String kind;

  @Column(nullable = false, updatable = false)
  String content;
}
