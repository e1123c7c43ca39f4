/**
 * Where bundle revisions are kept, chosen by {@code arbiter.store}: the embedded file store
 * ({@link dev.arbiter.pdp.bundle.FileBundleStore}, the default) or PostgreSQL
 * ({@link dev.arbiter.pdp.store.PostgresBundleStore}), which keeps every revision, its files, who
 * uploaded it and when, the history of activations and the active pointer, and keeps replicas in step
 * through {@code LISTEN}/{@code NOTIFY} plus a periodic reconcile.
 *
 * <p>Tables are accessed through Hibernate Reactive; the reactive client itself does what Hibernate
 * does not: advisory locks, and listening for notifications.
 *
 * <p>The schema is versioned: {@link dev.arbiter.pdp.store.SchemaMigrations} applies the ordered
 * scripts {@code db/migration/V<n>__<what>.sql}, each once, recorded with a checksum in {@code
 * arbiter_schema_version}, under an advisory lock so that replicas starting together do not race. A
 * small runner rather than Flyway: Flyway needs a JDBC driver and datasource, which this reactive-only
 * service does not otherwise have, and the runner is a few dozen lines that the tests cover.
 */
package dev.arbiter.pdp.store;
