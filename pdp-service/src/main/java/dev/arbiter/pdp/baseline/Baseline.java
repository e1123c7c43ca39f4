package dev.arbiter.pdp.baseline;

import dev.arbiter.pdp.audit.AuditConfig;
import dev.arbiter.pdp.bundle.ActiveRevision;
import dev.arbiter.pdp.bundle.BundleStore;
import dev.arbiter.pdp.events.EventsConfig;
import dev.arbiter.pdp.grants.GrantsConfig;
import dev.arbiter.pdp.limits.LimitsConfig;
import dev.arbiter.pdp.security.AuthConfig;
import dev.arbiter.pdp.security.AuthMode;
import dev.arbiter.pdp.security.CallerAuthentication;
import dev.arbiter.pdp.security.LoopbackGuard;
import dev.arbiter.pdp.signature.RequestSignatures;
import dev.arbiter.pdp.signature.SigningConfig;
import dev.arbiter.policy.check.CheckedBundle;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.net.SSLOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;

/**
 * Checks the running configuration against the security baseline. Thread-safe; each call reads the
 * configuration and the active revision afresh and changes nothing.
 */
@ApplicationScoped
public class Baseline {
  /** The entity type whose entities are the bundle's tools, and the attributes each must have. */
  static final String TOOL_TYPE = "tool";
  static final String RISK = "risk";
  static final String REQUIRED_SCOPES = "required_scopes";

  private static final List<String> STORE_PASSWORDS = List.of("quarkus.tls.key-store.p12.password",
      "quarkus.tls.key-store.jks.password", "quarkus.tls.trust-store.p12.password",
      "quarkus.tls.trust-store.jks.password");

  private final AuthConfig auth;
  private final CallerAuthentication authentication;
  private final AuditConfig audit;
  private final GrantsConfig grants;
  private final LimitsConfig.RateLimitsConfig rateLimits;
  private final SigningConfig signing;
  private final RequestSignatures signatures;
  private final EventsConfig events;
  private final BundleStore store;
  private final TlsConfigurationRegistry tls;
  private final Config config;
  private final Clock clock = Clock.systemUTC();

  Baseline(AuthConfig auth, CallerAuthentication authentication, AuditConfig audit, GrantsConfig grants,
      LimitsConfig.RateLimitsConfig rateLimits, SigningConfig signing, RequestSignatures signatures,
      EventsConfig events, BundleStore store, TlsConfigurationRegistry tls, Config config) {
    this.auth = auth;
    this.authentication = authentication;
    this.audit = audit;
    this.grants = grants;
    this.rateLimits = rateLimits;
    this.signing = signing;
    this.signatures = signatures;
    this.events = events;
    this.store = store;
    this.tls = tls;
    this.config = config;
  }

  /** Checks every item, in the order docs/service.md#baseline lists them. */
  public BaselineReport check() {
    Optional<ActiveRevision> active = store.active();
    Checks.Listener listener = listener();
    Checks.Callers callers = callers();
    List<BaselineItem> items = List.of(
        Checks.tls(listener),
        Checks.auth(callers, listener),
        Checks.adminRoles(callers),
        Checks.audit(audit.enabled(), audit.overflow(), audit.durability(), auditLocation()),
        Checks.auditMasking(audit.enabled(), audit.sensitive().orElse(List.of()), audit.redacted().orElse(List.of()),
            audit.maskingKey().isPresent()),
        Checks.toolCatalog(active.map(revision -> catalog(revision.bundle().source()))),
        Checks.grantTtl(grants.maxTtl()),
        Checks.rateLimits(rateLimits.limits().entrySet().stream()
            .map(entry -> new Checks.RateLimit(entry.getKey(), entry.getValue().key(), entry.getValue().action(),
                entry.getValue().perMinute(), entry.getValue().perHour()))
            .toList()),
        defaultSecrets(callers.mode()),
        Checks.requestSigning(signing.mode(), signing.window(), signing.paths()),
        Checks.securityEvents(events.webhook().url(), events.webhook().level()));
    return new BaselineReport(items, clock.instant(), active.map(ActiveRevision::revision));
  }

  /**
   * The HTTP server's TLS as it is set up: the TLS registry's configuration named by {@code
   * quarkus.http.tls-configuration-name}, or the default one, or the legacy {@code
   * quarkus.http.ssl.certificate.*} settings.
   */
  private Checks.Listener listener() {
    String host = config.getOptionalValue("quarkus.http.host", String.class).orElse("0.0.0.0");
    Optional<String> name = config.getOptionalValue("quarkus.http.tls-configuration-name", String.class);
    Optional<TlsConfiguration> registered = name.isPresent() ? tls.get(name.get()) : tls.getDefault();
    boolean keyStore = registered.map(configuration -> configuration.getKeyStoreOptions() != null).orElse(false);
    Set<String> protocols = new LinkedHashSet<>();
    if (keyStore) {
      SSLOptions options = registered.get().getSSLOptions();
      if (options != null) {
        protocols.addAll(options.getEnabledSecureTransportProtocols());
      }
    } else if (legacyCertificate()) {
      keyStore = true;
      protocols.addAll(config.getOptionalValues("quarkus.http.ssl.protocols", String.class)
          .orElse(List.of("TLSv1.3", "TLSv1.2")));
    }
    String clientAuth = config.getOptionalValue("quarkus.http.ssl.client-auth", String.class).orElse("none");
    String insecure = config.getOptionalValue("quarkus.http.insecure-requests", String.class)
        .orElse(clientAuth.equalsIgnoreCase("required") ? "disabled" : "enabled").toLowerCase(Locale.ROOT);
    return new Checks.Listener(host, LoopbackGuard.isLoopback(host), keyStore, protocols, insecure);
  }

  private boolean legacyCertificate() {
    for (String name : config.getPropertyNames()) {
      if (name.startsWith("quarkus.http.ssl.certificate.") && config.getOptionalValue(name, String.class).isPresent()) {
        return true;
      }
    }
    return false;
  }

  private Checks.Callers callers() {
    AuthMode mode = authentication.mode();
    Map<String, Set<String>> named = new LinkedHashMap<>();
    if (mode == AuthMode.API_KEY) {
      auth.apiKeys().forEach((name, key) -> named.put(name, Set.copyOf(key.roles())));
    } else if (mode == AuthMode.MTLS) {
      auth.mtls().roles().forEach((name, roles) -> named.put(name, Set.copyOf(roles)));
    }
    return new Checks.Callers(mode, named, Set.copyOf(auth.mtls().defaultRoles()),
        auth.jwt().issuer().orElse("(none)"), auth.jwt().audience().orElse(Set.of()), auth.jwt().rolesClaim());
  }

  private String auditLocation() {
    return "postgres".equals(config.getOptionalValue("arbiter.store", String.class).orElse("file"))
        ? "PostgreSQL" : audit.file().toString();
  }

  static Checks.Catalog catalog(CheckedBundle bundle) {
    List<Checks.Tool> tools = bundle.data().entities().all().stream()
        .filter(entity -> entity.uid().type().equals(TOOL_TYPE))
        .map(entity -> new Checks.Tool(entity.uid().id(), entity.attributes().containsKey(RISK),
            entity.attributes().get(REQUIRED_SCOPES) instanceof Collection<?> scopes ? scopes : null))
        .toList();
    return new Checks.Catalog(bundle.name(), bundle.schema().entityTypes().containsKey(TOOL_TYPE), tools);
  }

  /** Every secret the configuration holds, judged by {@link KnownSecrets}; findings name settings, never values. */
  private BaselineItem defaultSecrets(AuthMode mode) {
    List<String> findings = new ArrayList<>();
    int checked = 0;
    if (mode == AuthMode.API_KEY) {
      for (var key : new TreeSet<>(auth.apiKeys().keySet())) {
        checked++;
        KnownSecrets.apiKeyHash(auth.apiKeys().get(key).hash())
            .ifPresent(why -> findings.add("API key `" + key + "` " + why));
      }
    }
    if (audit.maskingKey().isPresent()) {
      checked++;
      KnownSecrets.hmacKey(audit.maskingKey().get()).ifPresent(why -> findings.add("arbiter.audit.masking-key " + why));
    }
    checked += signatures.keyIdsWhere(key -> true).size();
    List<String> weakKeys = signatures.keyIdsWhere(key -> KnownSecrets.hmacKey(key).isPresent());
    if (!weakKeys.isEmpty()) {
      findings.add((weakKeys.size() == 1 ? "signing key " : "signing keys ") + Checks.names(weakKeys)
          + (weakKeys.size() == 1 ? " is" : " are") + " not random bytes (typed text, or too few distinct bytes)");
    }
    Set<String> passwords = new TreeSet<>(STORE_PASSWORDS);
    for (String name : config.getPropertyNames()) {
      if (name.startsWith("quarkus.tls.") && name.endsWith("password")) {
        passwords.add(name);
      }
    }
    if ("postgres".equals(config.getOptionalValue("arbiter.store", String.class).orElse("file"))) {
      passwords.add("quarkus.datasource.password");
    }
    for (String name : passwords) {
      Optional<String> value = config.getOptionalValue(name, String.class);
      if (value.isPresent()) {
        checked++;
        KnownSecrets.password(value.get()).ifPresent(why -> findings.add(name + " " + why));
      }
    }
    return Checks.defaultSecrets(findings, checked);
  }
}
