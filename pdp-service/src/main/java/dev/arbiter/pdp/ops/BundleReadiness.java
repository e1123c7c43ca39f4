package dev.arbiter.pdp.ops;

import dev.arbiter.pdp.bundle.BundleStore;
import dev.arbiter.pdp.bundle.StoreStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once a bundle revision is active: before that, every answer would be a 503. */
@Readiness
@ApplicationScoped
public class BundleReadiness implements HealthCheck {
  private final BundleStore store;

  BundleReadiness(BundleStore store) {
    this.store = store;
  }

  @Override
  public HealthCheckResponse call() {
    StoreStatus status = store.status();
    HealthCheckResponseBuilder response = HealthCheckResponse.named("policy-bundle")
        .status(status.active().isPresent())
        .withData("source", status.source())
        .withData("reload_failures", status.reloadFailures());
    status.active().ifPresent(active -> response
        .withData("bundle", active.bundle().name())
        .withData("revision", active.revision())
        .withData("activated_at", active.activatedAt().toString()));
    if (!status.lastProblems().isEmpty()) {
      response.withData("last_refused_change", String.join("\n", status.lastProblems()));
    }
    return response.build();
  }
}
