package dev.arbiter.pdp.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code arbiter.blocklist.*} and {@code arbiter.rate-limits.*}. */
public interface LimitsConfig {

  @ConfigMapping(prefix = "arbiter.blocklist")
  interface BlocklistConfig {
    Optional<List<String>> subjects();

    Optional<List<String>> agents();

    /** Addresses or CIDR ranges, matched against {@code context.ip}. */
    Optional<List<String>> networks();
  }

  /** Limits by name: {@code arbiter.rate-limits.<name>.key}, {@code .per-minute}, {@code .per-hour}. */
  @ConfigMapping(prefix = "arbiter.rate-limits")
  interface RateLimitsConfig {
    @WithParentName
    Map<String, RateLimit> limits();
  }

  interface RateLimit {
    /** What is counted: {@code subject}, {@code tool} (the resource id), {@code tenant} or {@code subject-tool}. */
    @WithDefault("subject")
    String key();

    /** The action counted. */
    @WithDefault("tools/call")
    String action();

    Optional<Integer> perMinute();

    Optional<Integer> perHour();
  }
}
