package dev.arbiter.pdp.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How callers prove who they are: {@code arbiter.auth.mode}. */
public enum AuthMode {
  JWT("jwt"),
  MTLS("mtls"),
  API_KEY("api-key"),
  /** Nobody is asked; allowed only when the service listens on loopback. */
  NONE("none");

  private final String keyword;

  AuthMode(String keyword) {
    this.keyword = keyword;
  }

  public String keyword() {
    return keyword;
  }

  static AuthMode parse(String text) {
    for (AuthMode mode : values()) {
      if (mode.keyword.equals(text.trim().toLowerCase(Locale.ROOT))) {
        return mode;
      }
    }
    throw new IllegalArgumentException("arbiter.auth.mode must be one of "
        + Arrays.stream(values()).map(AuthMode::keyword).collect(Collectors.joining(", ")) + ", found \"" + text + "\"");
  }
}
