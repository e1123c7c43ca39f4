package dev.arbiter.pdp.bundle;

import io.smallrye.mutiny.Multi;
import java.util.Optional;

/** Holds the active bundle revision. Implementations are thread-safe. */
public interface BundleStore {
  /** The revision that decides requests now; empty until one compiled. */
  Optional<ActiveRevision> active();

  StoreStatus status();

  /** The active revision at subscription, then every revision activated after it. */
  Multi<ActiveRevision> revisions();
}
