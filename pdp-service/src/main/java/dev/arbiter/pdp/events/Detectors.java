package dev.arbiter.pdp.events;

import dev.arbiter.pdp.audit.AuditOverflow;
import dev.arbiter.pdp.bundle.BundleStore;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Turns what the service observes into events: credential failures and denies are counted per
 * source and subject and reported as bursts; calls to unknown targets and bundle activations are
 * reported as they happen.
 */
@ApplicationScoped
@Startup // the revision stream is subscribed at start, so the first activation is reported too
public class Detectors {
  private static final long TRACKED_KEYS = 100_000;

  private final SecurityEvents events;
  private final BurstDetector credentialFailures;
  private final BurstDetector denies;
  /** Threshold 1: the first call to an unknown target is reported, a repeat at most once a minute. */
  private final BurstDetector unknownTargets;

  @Inject
  Detectors(SecurityEvents events, EventsConfig config, BundleStore store) {
    this.events = events;
    this.credentialFailures = new BurstDetector(config.invalidTokens().threshold(), config.invalidTokens().window(),
        TRACKED_KEYS, Clock.systemUTC());
    this.denies = new BurstDetector(config.denyBurst().threshold(), config.denyBurst().window(), TRACKED_KEYS,
        Clock.systemUTC());
    this.unknownTargets = new BurstDetector(1, Duration.ofMinutes(1), TRACKED_KEYS, Clock.systemUTC());
    store.revisions().subscribe().with(revision -> events.publish(EventType.BUNDLE_ACTIVATION, revision.bundle().name(),
        "revision " + revision.revision() + " of bundle " + revision.bundle().name() + " decides requests now",
        Map.of("revision", revision.revision())));
  }

  /** A credential (caller token, API key, subject token) from {@code source} did not verify. */
  public void credentialRefused(String source, String reason) {
    if (credentialFailures.record(source)) {
      events.publish(EventType.INVALID_TOKENS, source, "repeated credentials that do not verify from " + source,
          Map.of("last_reason", reason));
    }
  }

  /** The signed-request check refused a request from {@code source} with {@code code}. */
  public void signatureRefused(String code, String keyId, String source) {
    Map<String, String> details = Map.of("code", code, "key_id", keyId == null ? "" : keyId);
    switch (code) {
      case "replayed_request" -> events.publish(EventType.REPLAY_ATTEMPT, source,
          "a signed request was sent again from " + source, details);
      case "stale_request" -> events.publish(EventType.REPLAY_ATTEMPT, Severity.MEDIUM, source,
          "a signed request outside the time window from " + source + " (an old capture, or a skewed clock)", details);
      case "signature_required" -> events.publish(EventType.SIGNATURE_FAILURE, Severity.MEDIUM, source,
          "an unsigned request from " + source + " where signatures are required", details);
      default -> events.publish(EventType.SIGNATURE_FAILURE, source,
          "a request with a bad signature from " + source, details);
    }
  }

  /** A request for {@code subject} was denied. */
  public void denied(String subject, String action, String resource) {
    if (denies.record(subject)) {
      events.publish(EventType.DENY_BURST, subject, "many denies for subject " + subject + " in a short time",
          Map.of("last_action", action, "last_resource", resource));
    }
  }

  /**
   * {@code subject} asked for {@code target} (a tool, resource or prompt the active bundle does not
   * know, or an MCP method nothing maps): reconnaissance, or an agent talking to a server the
   * policies were not written for.
   */
  public void unknownTarget(String subject, String target) {
    if (unknownTargets.record(subject + "\u0000" + target)) {
      events.publish(EventType.UNKNOWN_TOOL, subject, subject + " asked for " + target + ", which the policies do not know",
          Map.of("target", target));
    }
  }

  /** Audit records were dropped: the trail has a gap, which an auditor must hear of. */
  void auditOverflow(@Observes AuditOverflow overflow) {
    events.publish(EventType.AUDIT_OVERFLOW, "audit", overflow.dropped() + " audit records dropped: the audit queue ("
        + overflow.queueSize() + ") was full and arbiter.audit.overflow=drop", Map.of("dropped", Long.toString(overflow.dropped())));
  }
}
