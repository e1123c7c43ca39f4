package dev.arbiter.pdp.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A stored bundle revision: who uploaded what, when, and what it holds (table {@code arbiter_revision}). */
@Entity
@Table(name = "arbiter_revision")
class RevisionRow {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long number;

  @Column(name = "content_hash", nullable = false, updatable = false, columnDefinition = "char(64)")
  String contentHash;

  @Column(name = "bundle_name", nullable = false, updatable = false)
  String bundleName;

  @Column(nullable = false, updatable = false)
  String author;

  @Column(name = "created_at", nullable = false, updatable = false)
  Instant createdAt;

  @Column(updatable = false)
  String message;

  @Column(name = "policy_count", nullable = false, updatable = false)
  int policyCount;

  @Column(name = "policy_set_count", nullable = false, updatable = false)
  int policySetCount;

  @Column(name = "rule_count", nullable = false, updatable = false)
  int ruleCount;

  @Column(name = "test_count", nullable = false, updatable = false)
  int testCount;

  @Column(name = "data_file_count", nullable = false, updatable = false)
  int dataFileCount;

  @Column(name = "file_count", nullable = false, updatable = false)
  int fileCount;

  /** What the admin API shows of it. */
  RevisionInfo info() {
    return new RevisionInfo(number, contentHash.substring(0, RevisionInfo.ID_LENGTH), contentHash, bundleName, author,
        createdAt, java.util.Optional.ofNullable(message),
        new RevisionInfo.Summary(policyCount, policySetCount, ruleCount, testCount, dataFileCount, fileCount));
  }
}
