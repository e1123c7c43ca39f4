package dev.arbiter.pdp.baseline;

import dev.arbiter.pdp.audit.AuditConfig;
import dev.arbiter.pdp.security.AuthMode;
import dev.arbiter.pdp.security.Roles;
import dev.arbiter.pdp.signature.SigningConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The baseline's items as pure functions of the facts they judge, in report order. {@link Baseline}
 * gathers the facts from the running service; tests call these directly for every configuration.
 */
final class Checks {
  static final Set<String> MODERN_TLS = Set.of("TLSv1.2", "TLSv1.3");
  static final Duration GRANT_TTL_PASS = Duration.ofHours(1);
  static final Duration GRANT_TTL_WARN = Duration.ofHours(8);
  static final Duration SIGNING_WINDOW_PASS = Duration.ofMinutes(5);
  static final Set<String> ADMIN_ROLES = Set.of(Roles.POLICY_ADMIN, Roles.GRANT_ISSUER);
  /** Webhook hosts taken as this machine; other names are not looked up, to keep the check free of DNS. */
  private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
  private static final int MAX_NAMES = 20;

  private Checks() {}

  /** How the HTTP server listens: its host, and its TLS as the TLS registry (or legacy settings) configure it. */
  record Listener(String host, boolean loopback, boolean keyStore, Set<String> protocols, String insecureRequests) {}

  /** {@code arbiter.auth.*}: the mode, the names of callers that hold roles, and where JWT roles come from. */
  record Callers(AuthMode mode, Map<String, Set<String>> named, Set<String> mtlsDefaultRoles, String jwtIssuer,
      Set<String> jwtAudience, String jwtRolesClaim) {}

  /** The active bundle's tool catalog. */
  record Catalog(String bundle, boolean declaresTools, List<Tool> tools) {}

  /** One entity of type {@code tool}: whether it has a risk, and its required scopes (null when missing). */
  record Tool(String id, boolean hasRisk, Collection<?> requiredScopes) {}

  /** One {@code arbiter.rate-limits.<name>}. */
  record RateLimit(String name, String key, String action, Optional<Integer> perMinute, Optional<Integer> perHour) {}

  static BaselineItem tls(Listener listener) {
    String id = "tls";
    String title = "TLS 1.2 or newer, and no plain HTTP";
    int weight = 3;
    String configure = "configure a key store (quarkus.tls.key-store.*) and set"
        + " quarkus.http.insecure-requests=disabled";
    if (!listener.keyStore()) {
      return listener.loopback()
          ? new BaselineItem(id, title, Status.WARN, weight, "no TLS: plain HTTP, but on loopback only ("
              + listener.host() + "), which is fine for development; before listening on other interfaces, "
              + configure)
          : new BaselineItem(id, title, Status.FAIL, weight, "no TLS on " + listener.host() + ": decisions, tokens"
              + " and API keys cross the network in plain text; " + configure);
    }
    Set<String> weak = new TreeSet<>(listener.protocols());
    weak.removeAll(MODERN_TLS);
    if (!weak.isEmpty()) {
      return new BaselineItem(id, title, Status.FAIL, weight, "TLS allows " + String.join(", ", weak)
          + ", which are broken: set quarkus.tls.protocols=TLSv1.3,TLSv1.2");
    }
    if (listener.protocols().isEmpty()) {
      return new BaselineItem(id, title, Status.FAIL, weight, "TLS is configured with no protocol enabled: set"
          + " quarkus.tls.protocols=TLSv1.3,TLSv1.2");
    }
    String protocols = listener.protocols().stream().sorted(Comparator.reverseOrder())
        .collect(Collectors.joining(", "));
    switch (listener.insecureRequests()) {
      case "enabled" -> {
        String message = "TLS (" + protocols + ") is on, but plain HTTP is still served on " + listener.host()
            + ": set quarkus.http.insecure-requests=disabled";
        return new BaselineItem(id, title, listener.loopback() ? Status.WARN : Status.FAIL, weight,
            listener.loopback() ? message + " (loopback only, so it stays on this machine)" : message);
      }
      case "redirect" -> {
        return new BaselineItem(id, title, Status.WARN, weight, "TLS (" + protocols + ") is on and plain HTTP"
            + " requests are redirected, but a redirected request has already sent its API key, token and body in"
            + " plain text: set quarkus.http.insecure-requests=disabled");
      }
      default -> {
        return new BaselineItem(id, title, Status.PASS, weight, "TLS only (" + protocols + "); plain HTTP is off");
      }
    }
  }

  static BaselineItem auth(Callers callers, Listener listener) {
    String id = "auth";
    String title = "Callers authenticate";
    int weight = 3;
    return switch (callers.mode()) {
      case NONE -> new BaselineItem(id, title, Status.FAIL, weight, "arbiter.auth.mode=none: every process that"
          + " reaches " + listener.host() + " is every role, policy-admin and grant-issuer included, so an agent on"
          + " this machine could change the policies or grant itself permissions; set arbiter.auth.mode to jwt,"
          + " mtls or api-key");
      case JWT -> new BaselineItem(id, title, Status.PASS, weight, "bearer JWTs of issuer " + callers.jwtIssuer()
          + " for audience " + String.join(", ", new TreeSet<>(callers.jwtAudience())));
      case MTLS -> listener.keyStore()
          ? new BaselineItem(id, title, Status.PASS, weight, "TLS client certificates the trust store accepts")
          : new BaselineItem(id, title, Status.WARN, weight, "arbiter.auth.mode=mtls without TLS: no certificate can"
              + " be presented, so every request is refused; configure quarkus.tls.key-store.* and"
              + " quarkus.tls.trust-store.*");
      case API_KEY -> callers.named().isEmpty()
          ? new BaselineItem(id, title, Status.WARN, weight, "arbiter.auth.mode=api-key with no key configured:"
              + " every request is refused; add arbiter.auth.api-keys.<name>.hash")
          : new BaselineItem(id, title, Status.PASS, weight, "API keys (" + callers.named().size()
              + " configured, kept as SHA-256 hashes)");
    };
  }

  static BaselineItem adminRoles(Callers callers) {
    String id = "admin-roles";
    String title = "Admin roles go to named callers only";
    int weight = 2;
    return switch (callers.mode()) {
      case NONE -> new BaselineItem(id, title, Status.FAIL, weight, "without caller authentication everyone holds"
          + " policy-admin, auditor and grant-issuer: set arbiter.auth.mode, then give these roles to named callers"
          + " only");
      case JWT -> new BaselineItem(id, title, Status.PASS, weight, "roles come from the JWT claim "
          + callers.jwtRolesClaim() + ": the identity provider decides who holds policy-admin and auditor");
      case MTLS -> {
        Set<String> wide = new TreeSet<>(callers.mtlsDefaultRoles());
        wide.retainAll(Set.of(Roles.POLICY_ADMIN, Roles.AUDITOR, Roles.GRANT_ISSUER));
        if (!wide.isEmpty()) {
          yield new BaselineItem(id, title, Status.FAIL, weight, "arbiter.auth.mtls.default-roles gives every trusted"
              + " certificate " + String.join(", ", wide) + ": keep the default pdp-client and name administrators"
              + " in arbiter.auth.mtls.roles.<common name>");
        }
        yield holders(id, title, weight, callers.named(), "certificate", "arbiter.auth.mtls.roles.<common name>");
      }
      case API_KEY -> holders(id, title, weight, callers.named(), "API key", "arbiter.auth.api-keys.<name>.roles");
    };
  }

  private static BaselineItem holders(String id, String title, int weight, Map<String, Set<String>> named,
      String kind, String setting) {
    List<String> admins = holding(named, Roles.POLICY_ADMIN);
    List<String> auditors = holding(named, Roles.AUDITOR);
    if (admins.isEmpty() && auditors.isEmpty()) {
      return new BaselineItem(id, title, Status.WARN, weight, "no " + kind + " holds policy-admin or auditor, so"
          + " nobody can review the audit trail and security events; give a separate " + kind + " the auditor role"
          + " (" + setting + ")");
    }
    List<String> mixed = named.entrySet().stream()
        .filter(entry -> entry.getValue().contains(Roles.PDP_CLIENT)
            && entry.getValue().stream().anyMatch(ADMIN_ROLES::contains))
        .map(Map.Entry::getKey).sorted().toList();
    if (!mixed.isEmpty()) {
      return new BaselineItem(id, title, Status.WARN, weight, kind + (mixed.size() == 1 ? " " : "s ") + names(mixed)
          + (mixed.size() == 1 ? " holds" : " hold") + " pdp-client together with policy-admin or grant-issuer: an"
          + " enforcement point's credential could change the policies or grants that judge it; give administrators"
          + " " + kind + "s of their own");
    }
    return new BaselineItem(id, title, Status.PASS, weight, "policy-admin: " + orNone(admins) + "; auditor: "
        + orNone(auditors));
  }

  private static List<String> holding(Map<String, Set<String>> named, String role) {
    return named.entrySet().stream().filter(entry -> entry.getValue().contains(role)).map(Map.Entry::getKey).sorted()
        .toList();
  }

  static BaselineItem audit(boolean enabled, AuditConfig.Overflow overflow, AuditConfig.Durability durability,
      String where) {
    String id = "audit";
    String title = "Every decision is audited";
    int weight = 2;
    if (!enabled) {
      return new BaselineItem(id, title, Status.FAIL, weight, "arbiter.audit.enabled=false: decisions leave no"
          + " record, so misuse cannot be traced; remove the setting (the trail is on by default)");
    }
    if (overflow == AuditConfig.Overflow.DROP) {
      return new BaselineItem(id, title, Status.WARN, weight, "arbiter.audit.overflow=drop: records are dropped"
          + " while the queue is full, so whoever floods the PDP can hide calls; set arbiter.audit.overflow="
          + "backpressure");
    }
    return new BaselineItem(id, title, Status.PASS, weight, "every decision is recorded, hash-chained, in " + where
        + " (durability " + durability.name().toLowerCase(java.util.Locale.ROOT) + ")");
  }

  static BaselineItem auditMasking(boolean enabled, List<String> sensitive, List<String> redacted,
      boolean maskingKey) {
    String id = "audit-masking";
    String title = "The audit trail masks personal data";
    int weight = 1;
    if (!enabled) {
      return new BaselineItem(id, title, Status.WARN, weight, "the audit trail is off, so there is nothing to mask;"
          + " turn it on (see audit), then list the sensitive request paths in arbiter.audit.sensitive");
    }
    if (sensitive.isEmpty() && redacted.isEmpty()) {
      return new BaselineItem(id, title, Status.WARN, weight, "no request path is masked: e-mail addresses, IP"
          + " addresses and tool arguments are kept as sent; list them in arbiter.audit.sensitive (hashed) or"
          + " arbiter.audit.redacted");
    }
    String paths = (sensitive.isEmpty() ? "" : "hashed: " + String.join(", ", sensitive))
        + (sensitive.isEmpty() || redacted.isEmpty() ? "" : "; ")
        + (redacted.isEmpty() ? "" : "redacted: " + String.join(", ", redacted));
    if (!sensitive.isEmpty() && !maskingKey) {
      return new BaselineItem(id, title, Status.WARN, weight, paths + "; but without arbiter.audit.masking-key the"
          + " hashes use a key drawn at each start, so equal values no longer match across restarts and replicas;"
          + " set it (openssl rand -base64 32)");
    }
    return new BaselineItem(id, title, Status.PASS, weight, paths + (sensitive.isEmpty() ? "" : "; masking key set"));
  }

  static BaselineItem toolCatalog(Optional<Catalog> active) {
    String id = "tool-catalog";
    String title = "Every tool has a risk and required scopes";
    int weight = 2;
    if (active.isEmpty()) {
      return new BaselineItem(id, title, Status.WARN, weight, "no bundle revision is active yet, so its tools cannot"
          + " be checked");
    }
    Catalog catalog = active.get();
    String bundle = "bundle " + catalog.bundle();
    if (!catalog.declaresTools()) {
      return new BaselineItem(id, title, Status.WARN, weight, bundle + " declares no entity type tool, so tools"
          + " carry no risk and no required scopes; declare `resource tool { risk: int, required_scopes:"
          + " set<string> }` in its schema and describe each tool in its data");
    }
    if (catalog.tools().isEmpty()) {
      return new BaselineItem(id, title, Status.WARN, weight, bundle + " has no tool entities in its data; describe"
          + " each tool, with risk and required_scopes");
    }
    List<String> noRisk = catalog.tools().stream().filter(tool -> !tool.hasRisk()).map(Tool::id).sorted().toList();
    List<String> noScopes = catalog.tools().stream().filter(tool -> tool.requiredScopes() == null).map(Tool::id)
        .sorted().toList();
    List<String> open = catalog.tools().stream()
        .filter(tool -> tool.requiredScopes() != null && tool.requiredScopes().isEmpty()).map(Tool::id).sorted()
        .toList();
    List<String> parts = new ArrayList<>();
    if (!noRisk.isEmpty()) {
      parts.add("tools without risk: " + names(noRisk));
    }
    if (!noScopes.isEmpty()) {
      parts.add("tools without required_scopes: " + names(noScopes));
    }
    if (!open.isEmpty()) {
      parts.add("tools whose required_scopes is empty, so any caller's scopes cover them: " + names(open));
    }
    if (!noRisk.isEmpty() || !noScopes.isEmpty()) {
      return new BaselineItem(id, title, Status.FAIL, weight, bundle + ": " + String.join("; ", parts) + "; give"
          + " every tool entity a risk and the scopes it needs in the bundle's data, or policies that read them"
          + " cannot decide");
    }
    if (!open.isEmpty()) {
      return new BaselineItem(id, title, Status.WARN, weight, bundle + ": " + String.join("; ", parts) + "; name"
          + " the scopes each needs");
    }
    int count = catalog.tools().size();
    return new BaselineItem(id, title, Status.PASS, weight, bundle + ": " + (count == 1 ? "1 tool, with"
        : count + " tools, each with") + " a risk and required scopes");
  }

  static BaselineItem grantTtl(Duration maxTtl) {
    String id = "grant-ttl";
    String title = "Grants are short-lived";
    int weight = 1;
    if (maxTtl.compareTo(GRANT_TTL_WARN) > 0) {
      return new BaselineItem(id, title, Status.FAIL, weight, "arbiter.grants.max-ttl is " + maxTtl + ": a task"
          + " grant can outlive its task by far; set " + GRANT_TTL_PASS + " or less");
    }
    if (maxTtl.compareTo(GRANT_TTL_PASS) > 0) {
      return new BaselineItem(id, title, Status.WARN, weight, "arbiter.grants.max-ttl is " + maxTtl + ": grants"
          + " should last about as long as a task; set " + GRANT_TTL_PASS + " or less");
    }
    return new BaselineItem(id, title, Status.PASS, weight, "grants last at most " + maxTtl
        + " (arbiter.grants.max-ttl)");
  }

  static BaselineItem rateLimits(List<RateLimit> limits) {
    String id = "rate-limits";
    String title = "Rate limits are set";
    int weight = 1;
    if (limits.isEmpty()) {
      return new BaselineItem(id, title, Status.WARN, weight, "no rate limit is configured: a looping or hijacked"
          + " agent can call tools as fast as the PDP answers; declare one, e.g."
          + " arbiter.rate-limits.per-user.per-minute=60");
    }
    List<String> inert = limits.stream().filter(limit -> limit.perMinute().isEmpty() && limit.perHour().isEmpty())
        .map(RateLimit::name).sorted().toList();
    if (!inert.isEmpty()) {
      return new BaselineItem(id, title, Status.WARN, weight, "rate limits without per-minute or per-hour count"
          + " nothing: " + names(inert) + "; give each a rate");
    }
    if (limits.stream().noneMatch(limit -> limit.action().equals("tools/call"))) {
      return new BaselineItem(id, title, Status.WARN, weight, "no rate limit counts tools/call; add one"
          + " (arbiter.rate-limits.<name>.action=tools/call, the default)");
    }
    return new BaselineItem(id, title, Status.PASS, weight, limits.stream()
        .sorted(Comparator.comparing(RateLimit::name))
        .map(limit -> limit.name() + " (" + limit.action() + " per " + limit.key()
            + limit.perMinute().map(n -> ", " + n + "/min").orElse("")
            + limit.perHour().map(n -> ", " + n + "/h").orElse("") + ")")
        .collect(Collectors.joining("; ")));
  }

  static BaselineItem defaultSecrets(List<String> findings, int checked) {
    String id = "default-secrets";
    String title = "No sample, test or empty secrets";
    int weight = 3;
    if (!findings.isEmpty()) {
      return new BaselineItem(id, title, Status.FAIL, weight, String.join("; ", findings) + ": replace them with"
          + " random values (openssl rand -hex 32 for an API key, openssl rand -base64 32 for an HMAC key)");
    }
    return new BaselineItem(id, title, Status.PASS, weight, checked == 0 ? "no secrets are configured"
        : checked + (checked == 1 ? " secret" : " secrets") + " checked: none is a sample, a common word, empty, or"
            + " typed text");
  }

  static BaselineItem requestSigning(SigningConfig.Mode mode, Duration window, List<String> paths) {
    String id = "request-signing";
    String title = "Requests are signed";
    int weight = 1;
    return switch (mode) {
      case OFF -> new BaselineItem(id, title, Status.WARN, weight, "arbiter.request-signing.mode=off: a captured"
          + " request can be sent again; once the enforcement points sign, set it to required");
      case OPTIONAL -> new BaselineItem(id, title, Status.WARN, weight, "arbiter.request-signing.mode=optional:"
          + " unsigned requests are still accepted; once every enforcement point signs, set it to required");
      case REQUIRED -> window.compareTo(SIGNING_WINDOW_PASS) > 0
          ? new BaselineItem(id, title, Status.WARN, weight, "arbiter.request-signing.window is " + window + ": a"
              + " captured request stays replayable on other replicas that long; keep it at " + SIGNING_WINDOW_PASS
              + " or less")
          : new BaselineItem(id, title, Status.PASS, weight, "requests to " + String.join(", ", paths) + " must be"
              + " signed, within " + window);
    };
  }

  static BaselineItem securityEvents(Optional<URI> webhook, int level) {
    String id = "security-events";
    String title = "Security events reach someone";
    int weight = 1;
    if (webhook.isEmpty()) {
      return new BaselineItem(id, title, Status.WARN, weight, "security events stay in this replica's memory and log;"
          + " set arbiter.events.webhook.url so that someone is alerted");
    }
    URI url = webhook.get();
    String where = url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    if ("http".equalsIgnoreCase(url.getScheme()) && !LOCAL_HOSTS.contains(String.valueOf(url.getHost()))) {
      return new BaselineItem(id, title, Status.WARN, weight, "security events go to " + where + " over plain HTTP;"
          + " use an https webhook");
    }
    return new BaselineItem(id, title, Status.PASS, weight, "events of severity 1 to " + level + " are sent to "
        + where);
  }

  /** Names in backticks, the first {@value #MAX_NAMES} of them. */
  static String names(List<String> names) {
    String shown = names.stream().limit(MAX_NAMES).map(name -> "`" + name + "`").collect(Collectors.joining(", "));
    return names.size() > MAX_NAMES ? shown + " and " + (names.size() - MAX_NAMES) + " more" : shown;
  }

  private static String orNone(List<String> names) {
    return names.isEmpty() ? "nobody" : names(names);
  }
}
