package dev.arbiter.pdp.security;

import dev.arbiter.pdp.events.Detectors;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Authenticates every caller by {@code arbiter.auth.mode}: a bearer JWT, the TLS client
 * certificate, an API key, or (on loopback only) nobody. A request without credentials is
 * anonymous and meets a 401 at any endpoint that needs a role; wrong credentials fail at once.
 */
@Singleton
public class CallerAuthentication implements HttpAuthenticationMechanism {
  static final String API_KEY_HEADER = "X-API-Key";
  private static final String BEARER = "bearer ";

  private final AuthMode mode;
  private final AuthConfig config;
  private final Optional<JwtVerifier> jwt;
  private final Optional<ApiKeyRing> apiKeys;
  private final Detectors detectors;

  CallerAuthentication(AuthConfig config, Detectors detectors) {
    this.config = config;
    this.detectors = detectors;
    this.mode = AuthMode.parse(config.mode());
    this.jwt = mode == AuthMode.JWT ? Optional.of(new JwtVerifier(config.jwt(), "arbiter.auth.jwt")) : Optional.empty();
    this.apiKeys = mode == AuthMode.API_KEY ? Optional.of(new ApiKeyRing(config.apiKeys())) : Optional.empty();
  }

  public AuthMode mode() {
    return mode;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviders) {
    return switch (mode) {
      case NONE -> Uni.createFrom().item(identity("local", Roles.ALL));
      case JWT -> reported(context, bearer(context.request().getHeader("Authorization")));
      case API_KEY -> reported(context, apiKey(context.request().getHeader(API_KEY_HEADER)));
      case MTLS -> certificate(context.request().isSSL() ? context.request().sslSession() : null);
    };
  }

  /** Refused credentials count towards the source's invalid-token burst. */
  private Uni<SecurityIdentity> reported(RoutingContext context, Uni<SecurityIdentity> identity) {
    return identity.onFailure(AuthenticationFailedException.class).invoke(failure ->
        detectors.credentialRefused(context.request().remoteAddress().host(), failure.getMessage()));
  }

  private Uni<SecurityIdentity> bearer(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Uni.createFrom().nullItem();
    }
    return switch (jwt.orElseThrow().verify(authorization.substring(BEARER.length()).trim())) {
      case JwtVerifier.Valid valid -> Uni.createFrom().item(identity(name(valid.token()), roles(valid.token())));
      case JwtVerifier.Invalid invalid -> Uni.createFrom().failure(new AuthenticationFailedException(invalid.reason()));
    };
  }

  private String name(JsonWebToken token) {
    return token.getSubject() != null ? token.getSubject() : token.getName();
  }

  private Set<String> roles(JsonWebToken token) {
    Object claim = token.getClaim(config.jwt().rolesClaim());
    Set<String> roles = new HashSet<>();
    if (claim instanceof Iterable<?> values) {
      values.forEach(value -> roles.add(unquote(String.valueOf(value))));
    } else if (claim != null) {
      roles.addAll(List.of(unquote(String.valueOf(claim)).split("\\s+")));
    }
    return roles;
  }

  /** JSON-P strings print with quotes. */
  private static String unquote(String text) {
    return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"") ? text.substring(1, text.length() - 1) : text;
  }

  private Uni<SecurityIdentity> apiKey(String presented) {
    if (presented == null || presented.isBlank()) {
      return Uni.createFrom().nullItem();
    }
    return apiKeys.orElseThrow().match(presented.trim())
        .map(holder -> Uni.createFrom().item(identity(holder.name(), holder.roles())))
        .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("the API key is not accepted")));
  }

  private Uni<SecurityIdentity> certificate(SSLSession session) {
    if (session == null) {
      return Uni.createFrom().nullItem();
    }
    Certificate[] chain;
    try {
      chain = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return Uni.createFrom().nullItem();
    }
    if (chain.length == 0 || !(chain[0] instanceof X509Certificate client)) {
      return Uni.createFrom().nullItem();
    }
    String subject = client.getSubjectX500Principal().getName();
    Set<String> roles = commonName(subject).map(config.mtls().roles()::get).orElse(null);
    return Uni.createFrom().item(identity(subject, roles != null ? roles : config.mtls().defaultRoles()));
  }

  static Optional<String> commonName(String distinguishedName) {
    try {
      for (Rdn rdn : new LdapName(distinguishedName).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return Optional.of(String.valueOf(rdn.getValue()));
        }
      }
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static SecurityIdentity identity(String name, Set<String> roles) {
    return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name)).addRoles(roles).build();
  }

  /**
   * Ahead of Quarkus' own mTLS mechanism, which TLS client authentication switches on and which
   * would authenticate a certificate without the roles this mechanism gives it.
   */
  @Override
  public int getPriority() {
    return DEFAULT_PRIORITY * 2;
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", challenge()));
  }

  /** The {@code WWW-Authenticate} value that tells a refused caller which credential to bring. */
  public String challenge() {
    return switch (mode) {
      case JWT -> "Bearer";
      case API_KEY -> "ApiKey header=\"" + API_KEY_HEADER + "\"";
      case MTLS -> "Mutual-TLS";
      case NONE -> "None";
    };
  }
}
