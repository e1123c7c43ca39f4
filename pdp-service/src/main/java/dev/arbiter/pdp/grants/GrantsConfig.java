package dev.arbiter.pdp.grants;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** {@code arbiter.grants.*}: how long and how wide grants may be. */
@ConfigMapping(prefix = "arbiter.grants")
public interface GrantsConfig {
  /** The longest a grant may last; asking for longer is refused as an escalation. */
  @WithDefault("PT1H")
  Duration maxTtl();

  /** What may be granted at all: each requested permission must lie within one of these. */
  @WithDefault("tools/call:*,resources/read:*,prompts/get:*")
  List<String> grantable();

  /** Active grants one session may hold. */
  @WithDefault("32")
  int maxPerSession();

  /** Active grants in all. */
  @WithDefault("100000")
  int maxActive();
}
