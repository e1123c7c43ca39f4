package dev.arbiter.policy.request;

import dev.arbiter.policy.value.EntityUid;
import dev.arbiter.policy.value.Values;
import java.util.Map;
import java.util.Objects;

/**
 * An authorization request. Property maps are immutable; an attribute of the bundle's data for the
 * same entity takes precedence over a property the request supplies.
 */
public record Request(Entity subject, Action action, Entity resource, Map<String, Object> context) {
  public Request {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(resource, "resource");
    context = Values.record(context);
  }

  /** A subject or resource: its identity and the properties the request carries. */
  public record Entity(EntityUid uid, Map<String, Object> properties) {
    public Entity {
      Objects.requireNonNull(uid, "uid");
      properties = Values.record(properties);
    }

    public static Entity of(String type, String id) {
      return new Entity(new EntityUid(type, id), Map.of());
    }
  }

  /** The action: its name and properties. */
  public record Action(String name, Map<String, Object> properties) {
    public Action {
      Objects.requireNonNull(name, "name");
      properties = Values.record(properties);
    }

    public static Action of(String name) {
      return new Action(name, Map.of());
    }
  }
}
