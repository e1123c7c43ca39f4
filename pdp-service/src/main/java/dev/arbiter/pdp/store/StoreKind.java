package dev.arbiter.pdp.store;

import java.util.Locale;

/** The values of {@code arbiter.store}. */
enum StoreKind {
  /** {@code arbiter.policies.dir}, watched; read-only through the service. */
  FILE,
  /** Revisions in PostgreSQL, changed through the admin API, shared by every replica. */
  POSTGRES;

  static StoreKind parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "file" -> FILE;
      case "postgres" -> POSTGRES;
      default -> throw new IllegalArgumentException(
          "arbiter.store must be `file` or `postgres`, found `" + text + "`");
    };
  }
}
