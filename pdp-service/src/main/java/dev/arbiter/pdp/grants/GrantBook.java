package dev.arbiter.pdp.grants;

import dev.arbiter.audit.AuditEvent.Entity;
import dev.arbiter.audit.RecordKind;
import dev.arbiter.pdp.audit.AuditTrail;
import dev.arbiter.pdp.audit.NoteContent;
import dev.arbiter.pdp.audit.NoteMasking;
import dev.arbiter.pdp.events.EventType;
import dev.arbiter.pdp.events.SecurityEvents;
import dev.arbiter.pdp.web.ApiError;
import dev.arbiter.policy.json.Json;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The active grants of this replica. Issuing checks the request against the configured ceiling
 * (what is grantable, for how long, how many) and refuses an escalation as a whole; lookups ignore
 * expired grants, so expiry needs no timer to take effect. Every change bumps an epoch that is
 * announced to subscribers, which is how decision caches learn that a grant went away, and is
 * noted in the audit trail: issued and revoked with who did it, expired by the service.
 */
@Singleton
public class GrantBook {
  private static final Logger LOG = Logger.getLogger("dev.arbiter.grants");
  private static final SecureRandom IDS = new SecureRandom();
  private static final Duration EXPIRY_CHECK = Duration.ofMillis(500);

  private final GrantsConfig config;
  private final List<Permission> grantable;
  private final SecurityEvents events;
  private final AuditTrail audit;
  private final Clock clock;
  private final Map<String, Grant> byId = new ConcurrentHashMap<>();
  private final AtomicLong epoch;
  private final BroadcastProcessor<Long> changes = BroadcastProcessor.create();

  @Inject
  GrantBook(GrantsConfig config, SecurityEvents events, AuditTrail audit) {
    this(config, events, audit, Clock.systemUTC());
    // Expiry needs no timer to stop a grant from counting, but enforcement points cache decisions:
    // announcing it within a second lets them drop what relied on it.
    Thread.ofVirtual().name("arbiter-grant-expiry").start(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          Thread.sleep(EXPIRY_CHECK);
        } catch (InterruptedException e) {
          return;
        }
        purgeExpired(clock.instant());
      }
    });
  }

  GrantBook(GrantsConfig config, SecurityEvents events, AuditTrail audit, Clock clock) {
    this.config = config;
    this.events = events;
    this.audit = audit;
    this.clock = clock;
    // Grants live in this process: a restarted service has none, so its epochs must not repeat one an
    // enforcement point saw before it restarted. Starting at the clock's milliseconds sees to that.
    this.epoch = new AtomicLong(clock.millis());
    List<Permission> ceiling = new ArrayList<>();
    for (String text : config.grantable()) {
      switch (Permission.parse(text)) {
        case Permission.Valid valid -> ceiling.add(valid.permission());
        case Permission.Invalid invalid -> throw new IllegalArgumentException("arbiter.grants.grantable: "
            + invalid.message());
      }
    }
    this.grantable = List.copyOf(ceiling);
  }

  /** A grant as asked for by its granter. */
  public record Request(String session, Optional<String> task, List<String> permissions, Duration ttl, String reason) {}

  /** The grant made, or why not. */
  public sealed interface Issued {}

  public record Granted(Grant grant) implements Issued {}

  public record Refused(ApiError error) implements Issued {}

  public Issued issue(Request request, String granter) {
    List<Permission> permissions = new ArrayList<>();
    for (String text : request.permissions()) {
      switch (Permission.parse(text)) {
        case Permission.Valid valid -> permissions.add(valid.permission());
        case Permission.Invalid invalid -> {
          return new Refused(ApiError.badRequest(invalid.message()));
        }
      }
    }
    if (request.ttl().isNegative() || request.ttl().isZero()) {
      return new Refused(ApiError.badRequest("ttl must be positive"));
    }
    if (request.ttl().compareTo(config.maxTtl()) > 0) {
      return escalation(granter, request, "a grant lasts at most " + config.maxTtl() + "; asked for " + request.ttl());
    }
    for (Permission permission : permissions) {
      if (grantable.stream().noneMatch(permission::within)) {
        return escalation(granter, request, "'" + permission.text() + "' is wider than anything grantable "
            + config.grantable());
      }
    }
    Instant now = clock.instant();
    purgeExpired(now);
    long held = byId.values().stream().filter(grant -> grant.session().equals(request.session())).count();
    if (held >= config.maxPerSession() || byId.size() >= config.maxActive()) {
      return new Refused(new ApiError(429, "too_many_grants", "session " + request.session() + " holds " + held
          + " active grants; revoke some or let them expire"));
    }
    Grant grant = new Grant("grt-" + HexFormat.of().formatHex(random()),
        request.session(), request.task(), permissions, granter, request.reason(), now, now.plus(request.ttl()));
    byId.put(grant.id(), grant);
    LOG.infof("grant %s issued by %s for session %s%s: %s until %s (%s)", grant.id(), granter, grant.session(),
        grant.task().map(task -> " task " + task).orElse(""), request.permissions(), grant.expires(), grant.reason());
    audit("issued", granter, grant);
    announce();
    return new Granted(grant);
  }

  /** Revokes a grant; empty when there is no such active grant (an expired one is noted as expired). */
  public Optional<Grant> revoke(String id, String revoker) {
    Grant removed = byId.remove(id);
    if (removed == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(removed.expires())) {
      expired(removed);
      announce();
      return Optional.empty();
    }
    LOG.infof("grant %s revoked by %s", id, revoker);
    audit("revoked", revoker, removed);
    announce();
    return Optional.of(removed);
  }

  /** Active grants, newest first, of one session or all. */
  public List<Grant> active(Optional<String> session) {
    Instant now = clock.instant();
    return byId.values().stream()
        .filter(grant -> now.isBefore(grant.expires()))
        .filter(grant -> session.isEmpty() || grant.session().equals(session.get()))
        .sorted(Comparator.comparing(Grant::created).reversed())
        .toList();
  }

  public Optional<Grant> get(String id) {
    return Optional.ofNullable(byId.get(id)).filter(grant -> clock.instant().isBefore(grant.expires()));
  }

  /** Whether an active grant of the session (and task) allows this call. */
  public boolean allows(String session, Optional<String> task, String action, String resourceId, Json arguments) {
    Instant now = clock.instant();
    for (Grant grant : byId.values()) {
      if (grant.appliesTo(session, task, now)
          && grant.permissions().stream().anyMatch(permission -> permission.allows(action, resourceId, arguments))) {
        return true;
      }
    }
    return false;
  }

  /** Each grant change's epoch, as it happens. */
  public Multi<Long> changes() {
    return changes;
  }

  public long epoch() {
    return epoch.get();
  }

  private Refused escalation(String granter, Request request, String why) {
    events.publish(EventType.GRANT_ESCALATION, granter, "grant refused: " + why,
        Map.of("session", request.session(), "permissions", String.join(" ", request.permissions()),
            "ttl", request.ttl().toString()),
        mask -> Map.of("session", mask.attribute("context.session", request.session()),
            "permissions", String.join(" ", request.permissions().stream().map(text -> switch (Permission.parse(text)) {
              case Permission.Valid valid -> masked(valid.permission(), mask);
              case Permission.Invalid invalid -> text;
            }).toList()),
            "ttl", request.ttl().toString()));
    return new Refused(new ApiError(403, "grant_escalation", why));
  }

  private void purgeExpired(Instant now) {
    boolean any = false;
    for (Grant grant : byId.values()) {
      // remove(id, grant) succeeds for one caller only: the sweep and an issue may purge at once
      if (!now.isBefore(grant.expires()) && byId.remove(grant.id(), grant)) {
        expired(grant);
        any = true;
      }
    }
    if (any) {
      announce();
    }
  }

  private void expired(Grant grant) {
    LOG.infof("grant %s expired", grant.id());
    audit("expired", AuditTrail.SERVICE, grant);
  }

  /**
   * Notes a grant change in the audit trail. The session, the task and the argument patterns of
   * permissions are what requests carry in {@code context.session}, {@code context.task} and {@code
   * context.arguments.<name>}, and are masked when those are.
   */
  private void audit(String action, String caller, Grant grant) {
    audit.note(RecordKind.GRANT, mask -> {
      String session = mask.attribute("context.session", grant.session());
      Map<String, Object> details = new LinkedHashMap<>();
      grant.task().ifPresent(task -> details.put("task", mask.attribute("context.task", task)));
      details.put("permissions", grant.permissions().stream().map(permission -> masked(permission, mask)).toList());
      details.put("ttl", Duration.between(grant.created(), grant.expires()).toString());
      details.put("created", grant.created().toString());
      details.put("expires", grant.expires().toString());
      details.put("granter", grant.granter());
      details.put("reason", mask.text(grant.reason()));
      return new NoteContent(caller, action, Optional.of(new Entity("session", session)),
          Optional.of(new Entity("grant", grant.id())), details);
    });
  }

  private static String masked(Permission permission, NoteMasking mask) {
    if (permission.argument().isEmpty()) {
      return permission.text();
    }
    String glob = permission.argumentGlob().orElseThrow();
    String kept = mask.attribute("context.arguments." + permission.argument().get(), glob);
    return kept.equals(glob) ? permission.text()
        : permission.action() + ":" + permission.resourceGlob() + ":" + permission.argument().get() + "=" + kept;
  }

  private void announce() {
    changes.onNext(epoch.incrementAndGet());
  }

  private static byte[] random() {
    byte[] bytes = new byte[12];
    IDS.nextBytes(bytes);
    return bytes;
  }
}
