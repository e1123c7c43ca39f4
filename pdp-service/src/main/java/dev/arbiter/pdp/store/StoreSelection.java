package dev.arbiter.pdp.store;

import dev.arbiter.pdp.bundle.BundleStore;
import dev.arbiter.pdp.bundle.FileBundleStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hands out the store {@code arbiter.store} names as the service's {@link BundleStore}, and only
 * that one is ever created: the file store does not watch a directory in a PostgreSQL deployment,
 * and the PostgreSQL store does not look for a database in a file one.
 */
@ApplicationScoped
class StoreSelection {
  private final StoreKind kind;

  StoreSelection(@ConfigProperty(name = "arbiter.store", defaultValue = "file") String kind) {
    this.kind = StoreKind.parse(kind);
  }

  /** Unproxied, so that callers may ask whether it keeps revisions ({@link RevisionStore}). */
  @Produces
  @Singleton
  BundleStore store(Instance<FileBundleStore> file, Instance<PostgresBundleStore> postgres) {
    return switch (kind) {
      case FILE -> file.get();
      case POSTGRES -> postgres.get();
    };
  }

  /** Creating the store starts it: at startup, not at the first request. */
  void start(@Observes StartupEvent event, BundleStore store) {
    store.status();
  }
}
