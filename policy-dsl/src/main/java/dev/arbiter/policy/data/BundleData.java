package dev.arbiter.policy.data;

import dev.arbiter.policy.value.Values;
import java.util.Map;
import java.util.Objects;

/** What a bundle's data files hold: entities and the named values policies read as {@code data.x}. */
public record BundleData(EntityStore entities, Map<String, Object> values) {
  public BundleData {
    Objects.requireNonNull(entities, "entities");
    values = Values.record(values);
  }

  public static BundleData empty() {
    return new BundleData(EntityStore.empty(), Map.of());
  }
}
