package dev.arbiter.pdp.bundle;

import dev.arbiter.policy.compile.CompiledBundle;
import java.time.Instant;
import java.util.Objects;

/** The bundle revision that decides requests, and since when. */
public record ActiveRevision(CompiledBundle bundle, Instant activatedAt) {
  public ActiveRevision {
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(activatedAt, "activatedAt");
  }

  public String revision() {
    return bundle.revision();
  }
}
