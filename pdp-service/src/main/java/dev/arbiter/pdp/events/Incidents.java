package dev.arbiter.pdp.events;

import dev.arbiter.pdp.web.ApiError;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The incident register: opening, the lifecycle rules, and the record of response steps. A change
 * that the lifecycle does not allow (resolving what nobody was assigned, touching a resolved
 * incident) is refused with the reason, never applied halfway. Every change after the opening is
 * told to the {@link Log} (the audit trail); whoever opens an incident notes that.
 */
final class Incidents {
  /** Told of every change of an incident, as it is made. */
  @FunctionalInterface
  interface Log {
    /** {@code incident} has taken a step, its last. */
    void stepped(Incident incident);
  }

  private final Clock clock;
  private final int retained;
  private final Log log;
  private final Map<String, Incident> byId = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  Incidents(Clock clock, int retained, Log log) {
    this.clock = clock;
    this.retained = retained;
    this.log = log;
  }

  /** The result of a change: the incident as it is now, or why the change was refused. */
  sealed interface Change {}

  record Changed(Incident incident) implements Change {}

  record Refused(ApiError error) implements Change {}

  synchronized Incident open(SecurityEvent event) {
    String id = "inc-" + sequence.incrementAndGet();
    Incident incident = new Incident(id, event.time(), event.severity(), event.message(), event.id(),
        Incident.State.OPEN, Optional.empty(),
        List.of(new Incident.Step(event.time(), "arbiter", "opened", "from event " + event.id() + " ("
            + event.type().code() + ")")));
    byId.put(id, incident);
    forgetOldResolved();
    return incident;
  }

  Optional<Incident> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Newest first, optionally only those in one state. */
  List<Incident> list(Optional<Incident.State> state) {
    List<Incident> all = new ArrayList<>(byId.values());
    all.removeIf(incident -> state.isPresent() && incident.state() != state.get());
    all.sort(Comparator.comparing(Incident::opened).reversed().thenComparing(Incident::id, Comparator.reverseOrder()));
    return all;
  }

  Change assign(String id, String author, String assignee) {
    return change(id, incident -> switch (incident.state()) {
      case RESOLVED -> refused(incident);
      case OPEN, ASSIGNED -> new Changed(incident.with(Incident.State.ASSIGNED, Optional.of(assignee),
          step(author, "assigned", "assigned to " + assignee)));
    });
  }

  Change record(String id, String author, String text) {
    return change(id, incident -> switch (incident.state()) {
      case RESOLVED -> refused(incident);
      case OPEN, ASSIGNED -> new Changed(incident.with(incident.state(), incident.assignee(),
          step(author, "step", text)));
    });
  }

  Change resolve(String id, String author, String resolution) {
    return change(id, incident -> switch (incident.state()) {
      case OPEN -> new Refused(new ApiError(409, "incident_not_assigned",
          "incident " + id + " is open; assign it before resolving it"));
      case RESOLVED -> refused(incident);
      case ASSIGNED -> new Changed(incident.with(Incident.State.RESOLVED, incident.assignee(),
          step(author, "resolved", resolution)));
    });
  }

  /** Changes are rare and made by people: one lock keeps every transition whole. */
  private synchronized Change change(String id, java.util.function.Function<Incident, Change> transition) {
    Incident current = byId.get(id);
    if (current == null) {
      return new Refused(new ApiError(404, "not_found", "no incident " + id));
    }
    Change change = transition.apply(current);
    if (change instanceof Changed changed) {
      byId.put(id, changed.incident());
      log.stepped(changed.incident());
    }
    return change;
  }

  private static Refused refused(Incident incident) {
    return new Refused(new ApiError(409, "incident_resolved", "incident " + incident.id() + " is resolved"));
  }

  private Incident.Step step(String author, String action, String text) {
    return new Incident.Step(clock.instant(), author, action, text);
  }

  private void forgetOldResolved() {
    if (byId.size() <= retained) {
      return;
    }
    list(Optional.of(Incident.State.RESOLVED)).stream().skip(retained / 2).forEach(old -> byId.remove(old.id()));
  }
}
