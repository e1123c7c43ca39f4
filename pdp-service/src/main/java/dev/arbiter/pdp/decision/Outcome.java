package dev.arbiter.pdp.decision;

import dev.arbiter.policy.decision.AuthorizationResult;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

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
   * {@code answer}, once every decision among {@code outcomes} may be answered: at once when nothing
   * waits for the audit trail, which is the common case and spares the decision Mutiny's operators;
   * else on the caller's Vert.x context when the audit writer lets it leave (the answer must not be
   * built on its thread), or failed with {@link dev.arbiter.pdp.audit.AuditUnavailable} when it must
   * not leave. When nothing waits, {@code answer} runs before this returns, so what it throws
   * reaches the caller; otherwise it fails the Uni.
   */
  static <T> Uni<T> whenRecorded(List<Outcome> outcomes, Supplier<T> answer) {
    List<CompletableFuture<Void>> pending = null;
    for (Outcome outcome : outcomes) {
      if (outcome instanceof Decided decided) {
        CompletableFuture<Void> recorded = decided.recorded().toCompletableFuture();
        if (!recorded.isDone() || recorded.isCompletedExceptionally()) {
          pending = pending == null ? new ArrayList<>() : pending;
          pending.add(recorded);
        }
      }
    }
    if (pending == null) {
      return Uni.createFrom().item(answer.get());
    }
    CompletableFuture<Void> allRecorded = CompletableFuture.allOf(pending.toArray(CompletableFuture<?>[]::new));
    Uni<Void> all = Uni.createFrom().completionStage(allRecorded)
        .onFailure(CompletionException.class).transform(Throwable::getCause);
    Context context = Vertx.currentContext();
    return (context == null ? all : all.emitOn(command -> context.runOnContext(ignored -> command.run())))
        .map(recorded -> answer.get());
  }
}
