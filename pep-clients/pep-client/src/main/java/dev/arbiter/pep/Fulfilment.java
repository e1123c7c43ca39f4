package dev.arbiter.pep;

import java.util.Objects;

/** An {@link ObligationHandler}'s answer: the obligation can be fulfilled, or it cannot and why. */
public sealed interface Fulfilment permits Fulfilment.Accepted, Fulfilment.Refused {
  /** The obligation will be fulfilled. */
  static Fulfilment accepted() {
    return Accepted.INSTANCE;
  }

  /**
   * The obligation cannot be fulfilled, so the permit becomes a deny.
   *
   * @param message why, e.g. "rate limit of 60 calls a minute reached" or how to get an approval;
   *     it becomes the deny's {@link Decision.Deny#message() message}
   */
  static Fulfilment refused(String message) {
    return new Refused(message);
  }

  /** See {@link #accepted()}. */
  enum Accepted implements Fulfilment {
    INSTANCE
  }

  /**
   * See {@link #refused(String)}.
   *
   * @param message why; not null
   */
  record Refused(String message) implements Fulfilment {
    public Refused {
      Objects.requireNonNull(message, "message");
    }
  }
}
