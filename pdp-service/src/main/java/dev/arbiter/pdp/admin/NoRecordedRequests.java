package dev.arbiter.pdp.admin;

import dev.arbiter.policy.json.Json;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Until something records requests, there are none to replay. */
@DefaultBean
@ApplicationScoped
class NoRecordedRequests implements RecordedRequests {
  @Override
  public Optional<List<Json>> last(int count) {
    return Optional.empty();
  }
}
