package dev.arbiter.pdp.audit;

import dev.arbiter.audit.AuditEvent.Entity;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the author of a note fills in; the trail adds its kind, id, time and the list of masked
 * attributes. Values must be masked already (see {@link NoteMasking}).
 *
 * @param caller who did it: the authenticated principal, or {@value AuditTrail#SERVICE} for the
 *     service itself (an expiry, an event it raised)
 * @param action what happened: {@code issued}, {@code added}, {@code assigned}, an event's type…
 * @param subject whom or what it concerns, if anyone
 * @param resource the thing it changed or reports, if any
 * @param details the rest: strings, {@code Long}s, booleans, lists and maps of them
 */
public record NoteContent(String caller, String action, Optional<Entity> subject, Optional<Entity> resource,
    Map<String, ?> details) {
  public NoteContent {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(details, "details");
  }
}
