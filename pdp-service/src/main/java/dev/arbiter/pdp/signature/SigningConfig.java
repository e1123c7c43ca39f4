package dev.arbiter.pdp.signature;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code arbiter.request-signing.*}: whether PEP requests must be signed, and with which keys. */
@ConfigMapping(prefix = "arbiter.request-signing")
public interface SigningConfig {
  /** {@code off}: signatures are ignored; {@code optional}: checked when present; {@code required}. */
  @WithDefault("off")
  Mode mode();

  /** How far a request's timestamp may be from the PDP's clock, either way. */
  @WithDefault("PT2M")
  Duration window();

  /** Signing keys by key id, base64-encoded, at least 32 bytes each. */
  Map<String, String> keys();

  /**
   * A properties file of {@code key-id=base64-secret} lines, re-read when it changes: adding a key,
   * moving the PEPs to it and then removing the old one rotates keys without a restart.
   */
  Optional<Path> keysFile();

  /** Request paths (prefixes) whose bodies are signed. */
  @WithDefault("/access/v1/,/v1/mcp/")
  List<String> paths();

  /** Most nonces remembered at once; beyond it requests are refused rather than replays let through. */
  @WithDefault("1000000")
  int nonceCapacity();

  enum Mode {
    OFF, OPTIONAL, REQUIRED
  }
}
