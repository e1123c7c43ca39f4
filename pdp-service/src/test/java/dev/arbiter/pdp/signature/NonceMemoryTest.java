package dev.arbiter.pdp.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.pdp.web.ApiError;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How long nonces are remembered and what happens when the memory is full, on a clock the test moves. */
class NonceMemoryTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-21T10:00:00Z"));

  @Test
  void aNonceIsForgottenOnlyAfterItsTimestampLeftTheWindow() {
    RequestSignatures signatures = signatures(100);
    long timestamp = clock.instant().getEpochSecond();
    assertThat(verify(signatures, timestamp, "nonce-000000000001")).isEmpty();
    clock.advance(Duration.ofSeconds(119));
    assertThat(verify(signatures, timestamp, "nonce-000000000001")).map(ApiError::code).contains("replayed_request");
    clock.advance(Duration.ofSeconds(2));
    assertThat(verify(signatures, timestamp, "nonce-000000000001")).map(ApiError::code).contains("stale_request");
  }

  @Test
  void aFullMemoryRefusesInsteadOfForgetting() {
    RequestSignatures signatures = signatures(3);
    long timestamp = clock.instant().getEpochSecond();
    for (int i = 0; i < 3; i++) {
      assertThat(verify(signatures, timestamp, "nonce-00000000000" + i)).isEmpty();
    }
    assertThat(verify(signatures, timestamp, "nonce-000000000009")).map(ApiError::code).contains("replay_cache_full");
    clock.advance(Duration.ofSeconds(121));
    long later = clock.instant().getEpochSecond();
    assertThat(verify(signatures, later, "nonce-000000000009")).isEmpty();
  }

  @Test
  void forgedRequestsDoNotUseUpNonces() {
    RequestSignatures signatures = signatures(100);
    long timestamp = clock.instant().getEpochSecond();
    RequestSignatures.Headers forged = new RequestSignatures.Headers("pep", Long.toString(timestamp),
        "nonce-000000000001", Base64.getEncoder().encodeToString(new byte[32]));
    assertThat(signatures.verify("POST", "/access/v1/evaluation", new byte[0], forged)).map(ApiError::code)
        .contains("signature_invalid");
    assertThat(verify(signatures, timestamp, "nonce-000000000001")).isEmpty();
  }

  private Optional<ApiError> verify(RequestSignatures signatures, long timestamp, String nonce) {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    String canonical = RequestSignatures.canonical("pep", "POST", "/access/v1/evaluation", body,
        Long.toString(timestamp), nonce);
    return signatures.verify("POST", "/access/v1/evaluation", body, new RequestSignatures.Headers("pep",
        Long.toString(timestamp), nonce, Base64.getEncoder().encodeToString(RequestSignatures.sign(KEY, canonical))));
  }

  private RequestSignatures signatures(int capacity) {
    SigningConfig config = new SigningConfig() {
      @Override public Mode mode() { return Mode.REQUIRED; }
      @Override public Duration window() { return Duration.ofMinutes(2); }
      @Override public Map<String, String> keys() { return Map.of("pep", Base64.getEncoder().encodeToString(KEY)); }
      @Override public Optional<Path> keysFile() { return Optional.empty(); }
      @Override public List<String> paths() { return List.of("/access/v1/"); }
      @Override public int nonceCapacity() { return capacity; }
    };
    return new RequestSignatures(config, new SimpleMeterRegistry(), clock);
  }

  private static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override public Instant instant() { return now; }
    @Override public long millis() { return now.toEpochMilli(); }
    @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
  }
}
