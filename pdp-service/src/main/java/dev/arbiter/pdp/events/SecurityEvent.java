package dev.arbiter.pdp.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One security event. {@code subject} is who it is about (a subject id, a caller, an address),
 * {@code details} are short strings that help a responder; neither holds secrets or tokens.
 */
public record SecurityEvent(String id, Instant time, EventType type, Severity severity, String subject,
    String message, Map<String, String> details) {
  public SecurityEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(message, "message");
    details = Map.copyOf(details);
  }
}
