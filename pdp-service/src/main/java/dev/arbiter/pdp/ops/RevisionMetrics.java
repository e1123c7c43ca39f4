package dev.arbiter.pdp.ops;

import dev.arbiter.pdp.bundle.ActiveRevision;
import dev.arbiter.pdp.bundle.BundleStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code arbiter_bundle_active{bundle, revision}}: 1 for the active revision, in the Prometheus
 * "info metric" style, with the activation time as a second gauge. The old revision's series is
 * removed when a new one is activated, so dashboards see exactly one.
 */
@ApplicationScoped
public class RevisionMetrics {
  private final BundleStore store;
  private final MeterRegistry registry;
  private Gauge current;

  RevisionMetrics(BundleStore store, MeterRegistry registry) {
    this.store = store;
    this.registry = registry;
  }

  void start(@Observes StartupEvent event) {
    store.revisions().subscribe().with(this::show);
    Gauge.builder("arbiter.bundle.activated", store,
            s -> s.active().map(a -> a.activatedAt().toEpochMilli() / 1000.0).orElse(Double.NaN))
        .description("When the active revision was activated, in seconds since the epoch").register(registry);
  }

  private synchronized void show(ActiveRevision active) {
    if (current != null) {
      registry.remove(current);
    }
    current = Gauge.builder("arbiter.bundle.active", () -> 1)
        .tag("bundle", active.bundle().name())
        .tag("revision", active.revision())
        .description("The active bundle revision").register(registry);
  }
}
