package dev.arbiter.pdp.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** {@code arbiter.events.*}: what is kept, what opens an incident, where events are sent. */
@ConfigMapping(prefix = "arbiter.events")
public interface EventsConfig {
  /** Recent events kept for {@code GET /admin/v1/events}; older ones remain in the log and the webhook. */
  @WithDefault("10000")
  int retain();

  /** Events of this level or more urgent (1–4) open an incident. */
  @WithDefault("2")
  int incidentLevel();

  Webhook webhook();

  Burst denyBurst();

  Burst invalidTokens();

  interface Webhook {
    /** Where each event is POSTed as JSON; none by default. */
    Optional<URI> url();

    /** Events of this level or more urgent are sent. */
    @WithDefault("3")
    int level();

    @WithDefault("PT2S")
    Duration timeout();

    /** Events waiting to be sent; beyond it they are dropped and counted. */
    @WithDefault("1000")
    int queue();
  }

  interface Burst {
    /** Occurrences within the window that make a burst. */
    @WithDefault("20")
    int threshold();

    @WithDefault("PT1M")
    Duration window();
  }
}
