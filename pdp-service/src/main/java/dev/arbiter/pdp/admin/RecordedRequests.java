package dev.arbiter.pdp.admin;

import dev.arbiter.policy.json.Json;
import java.util.List;
import java.util.Optional;

/**
 * Requests the service decided before, for a dry run to replay ({@code "recorded": N} in its body).
 * Whatever records decisions (the audit trail) may provide a bean of this type; without one, a dry
 * run replays only the requests its body carries.
 */
public interface RecordedRequests {
  /**
   * The last {@code count} decided requests, oldest first, in the AuthZEN shape ({@code subject},
   * {@code action}, {@code resource}, {@code context}); empty when this service keeps none.
   */
  Optional<List<Json>> last(int count);
}
