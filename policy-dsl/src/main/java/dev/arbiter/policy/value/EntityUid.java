package dev.arbiter.policy.value;

import java.util.Objects;

/** An entity's identity: its type and id, as in {@code tool::"filesystem/read_file"}. */
public record EntityUid(String type, String id) {
  public EntityUid {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
  }

  @Override
  public String toString() {
    return type + "::\"" + id.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
