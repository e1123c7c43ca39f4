package dev.arbiter.policy.ast;

/** The part an entity type plays in a request. */
public enum EntityRole {
  SUBJECT,
  RESOURCE,
  /** Neither: a type that only appears as a parent or in data, such as a group. */
  ENTITY;

  public String keyword() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
