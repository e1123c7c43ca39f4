package dev.arbiter.pdp.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code arbiter.audit.*}: the audit trail of decisions. docs/service.md explains each setting. */
@ConfigMapping(prefix = "arbiter.audit")
public interface AuditConfig {
  /** Whether every decision is recorded. */
  @WithDefault("true")
  boolean enabled();

  /** The JSON-lines file of the file store. */
  @WithDefault("audit/decisions.jsonl")
  Path file();

  /** Records waiting to be written, at most; what happens beyond is {@link #overflow()}. */
  @WithDefault("8192")
  int queueSize();

  /** Records written and synced together, at most. */
  @WithDefault("512")
  int batchSize();

  /** What a full queue does: {@code backpressure} (answers wait for room) or {@code drop}. */
  @WithDefault("backpressure")
  Overflow overflow();

  /** When an answer may leave: {@code async} (once queued) or {@code sync} (once persisted). */
  @WithDefault("async")
  Durability durability();

  /** Request paths whose values are replaced by a keyed hash, e.g. {@code subject.properties.email}. */
  Optional<List<String>> sensitive();

  /** Request paths whose values are replaced by {@code "[redacted]"}. */
  Optional<List<String>> redacted();

  /** The HMAC-SHA256 key for sensitive values, base64, at least 32 bytes; random per process when unset. */
  Optional<String> maskingKey();

  /** What a full queue does. */
  enum Overflow {
    /** The record is dropped, counted in {@code arbiter_audit_dropped_total} and logged as a security event. */
    DROP,
    /** The answer waits until the record has room in the queue. */
    BACKPRESSURE
  }

  /** When the answer to a decision may leave. */
  enum Durability {
    /** Once its record is queued; a crash loses what was not yet flushed. */
    ASYNC,
    /** Once the batch holding its record is persisted (file synced, transaction committed). */
    SYNC
  }
}
