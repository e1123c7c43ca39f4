package dev.arbiter.pdp.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a severe event asks people to handle. It moves {@code open → assigned → resolved}; every
 * change, and every response step a responder records, is kept in {@code steps} with who and when.
 */
public record Incident(String id, Instant opened, Severity severity, String summary, String eventId,
    State state, Optional<String> assignee, List<Step> steps) {

  public enum State {
    OPEN, ASSIGNED, RESOLVED
  }

  /** One thing done about the incident. */
  public record Step(Instant time, String author, String action, String text) {
    public Step {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(author, "author");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(text, "text");
    }
  }

  public Incident {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(opened, "opened");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(assignee, "assignee");
    steps = List.copyOf(steps);
  }

  Incident with(State next, Optional<String> nextAssignee, Step step) {
    List<Step> more = new java.util.ArrayList<>(steps);
    more.add(step);
    return new Incident(id, opened, severity, summary, eventId, next, nextAssignee, more);
  }
}
