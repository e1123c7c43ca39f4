package dev.arbiter.policy.compile;

import dev.arbiter.policy.compile.Access.Role;
import java.util.Objects;

/**
 * A request value an index branches on: the subject's or resource's id, type or an attribute, the
 * action's name or a property, or a context attribute. A {@code membership} key branches on each
 * element of a set-valued attribute ({@code "admin" in subject.roles}).
 */
record Key(Source source, String attribute, boolean membership) {
  enum Source {
    SUBJECT_ID,
    SUBJECT_TYPE,
    SUBJECT_ATTRIBUTE,
    RESOURCE_ID,
    RESOURCE_TYPE,
    RESOURCE_ATTRIBUTE,
    ACTION_NAME,
    ACTION_PROPERTY,
    CONTEXT_ATTRIBUTE
  }

  Key {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(attribute, "attribute");
  }

  /** The request's value for this key, or {@code null} when it has none. */
  Object read(Frame frame) {
    return switch (source) {
      case SUBJECT_ID -> frame.request.subject().uid().id();
      case SUBJECT_TYPE -> frame.request.subject().uid().type();
      case SUBJECT_ATTRIBUTE -> Access.attribute(frame, Role.SUBJECT, attribute);
      case RESOURCE_ID -> frame.request.resource().uid().id();
      case RESOURCE_TYPE -> frame.request.resource().uid().type();
      case RESOURCE_ATTRIBUTE -> Access.attribute(frame, Role.RESOURCE, attribute);
      case ACTION_NAME -> frame.request.action().name();
      case ACTION_PROPERTY -> frame.request.action().properties().get(attribute);
      case CONTEXT_ATTRIBUTE -> frame.request.context().get(attribute);
    };
  }

  @Override
  public String toString() {
    String path = switch (source) {
      case SUBJECT_ID -> "subject.id";
      case SUBJECT_TYPE -> "subject.type";
      case SUBJECT_ATTRIBUTE -> "subject." + attribute;
      case RESOURCE_ID -> "resource.id";
      case RESOURCE_TYPE -> "resource.type";
      case RESOURCE_ATTRIBUTE -> "resource." + attribute;
      case ACTION_NAME -> "action.name";
      case ACTION_PROPERTY -> "action." + attribute;
      case CONTEXT_ATTRIBUTE -> "context." + attribute;
    };
    return membership ? "∋ " + path : path;
  }
}
