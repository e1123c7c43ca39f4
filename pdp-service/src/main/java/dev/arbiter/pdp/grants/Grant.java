package dev.arbiter.pdp.grants;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Permissions for one session, or one task in it, until {@code expires}. */
public record Grant(String id, String session, Optional<String> task, List<Permission> permissions, String granter,
    String reason, Instant created, Instant expires) {
  public Grant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(task, "task");
    permissions = List.copyOf(permissions);
    Objects.requireNonNull(granter, "granter");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(expires, "expires");
  }

  /** Whether this grant applies to a request made in {@code session}, for {@code task} if it names one. */
  boolean appliesTo(String requestSession, Optional<String> requestTask, Instant now) {
    return now.isBefore(expires) && session.equals(requestSession) && (task.isEmpty() || task.equals(requestTask));
  }
}
