package dev.arbiter.pdp.decision;

import dev.arbiter.policy.decision.AuthorizationResult;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** What deciding one request gave. */
public sealed interface Outcome {

  /**
   * A decision.
   *
   * @param result the engine's answer
   * @param decisionId unique per decision, for audit correlation
   * @param ttl how long an enforcement point may reuse it
   * @param recorded completes when the answer may leave, as far as the audit trail is concerned;
   *     fails with {@link dev.arbiter.pdp.audit.AuditUnavailable} when it must not leave
   */
  record Decided(AuthorizationResult result, String decisionId, Duration ttl, CompletionStage<Void> recorded)
      implements Outcome {
    public Decided {
      Objects.requireNonNull(recorded, "recorded");
    }

    public boolean permitted() {
      return result.isPermit();
    }
  }

  /** The request is not one the active bundle can decide; every reason, for the caller. */
  record Rejected(List<String> problems) implements Outcome {
    public Rejected {
      problems = List.copyOf(problems);
    }

    public String message() {
      return String.join("; ", problems);
    }
  }

  /** No bundle revision is active yet: nothing can be permitted. */
  record Unavailable(String message) implements Outcome {}

  /**
   * Completes when every decision among {@code outcomes} may be answered, on the caller's Vert.x
   * context (the audit writer completes records; the answer must not be built on its thread).
   * Immediate when nothing waits, which is the common case.
   */
  static Uni<Void> recorded(List<Outcome> outcomes) {
    CompletableFuture<?>[] pending = outcomes.stream()
        .filter(Decided.class::isInstance)
        .map(outcome -> ((Decided) outcome).recorded().toCompletableFuture())
        .filter(future -> !future.isDone() || future.isCompletedExceptionally())
        .toArray(CompletableFuture<?>[]::new);
    if (pending.length == 0) {
      return Uni.createFrom().voidItem();
    }
    Uni<Void> all = Uni.createFrom().completionStage(CompletableFuture.allOf(pending))
        .onFailure(CompletionException.class).transform(Throwable::getCause);
    Context context = Vertx.currentContext();
    return context == null ? all : all.emitOn(command -> context.runOnContext(ignored -> command.run()));
  }
}
