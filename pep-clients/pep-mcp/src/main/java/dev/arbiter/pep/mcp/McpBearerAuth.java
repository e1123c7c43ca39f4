package dev.arbiter.pep.mcp;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Makes a streamable-HTTP MCP server an OAuth 2.1 resource server, as MCP authorization asks: every
 * request carries a bearer token whose signature (the issuer's keys, from its JWKS or given),
 * issuer, audience (this server, RFC 8707) and expiry are checked.
 *
 * <ul>
 *   <li>{@link #filter()}: a servlet filter for the MCP endpoint. No token, or a bad one: 401 with
 *       {@code WWW-Authenticate: Bearer resource_metadata="…"} (RFC 9728). A token without the
 *       scopes the server or the called tool needs: 403 {@code error="insufficient_scope"} with
 *       every scope needed, for step-up. It also serves {@code /.well-known/oauth-protected-resource},
 *       and keeps the verified caller while the request is served, which is how {@link McpPep}
 *       authorizes {@code initialize} (the SDK starts sessions without a transport context).
 *   <li>{@link #contextExtractor()}: for the transport; puts the {@link VerifiedToken} into the
 *       {@link McpTransportContext}, where {@link McpPep} finds the caller. Without a valid token the
 *       context is empty and {@link McpPep} refuses everything, so the extractor alone fails closed.
 * </ul>
 *
 * <p>The token stays in this server: {@link McpPep} sends the PDP the subject and its claims.
 * Immutable and thread-safe.
 */
public final class McpBearerAuth {
  /** RFC 9728's well-known path of the protected-resource metadata. */
  public static final String METADATA_PATH = "/.well-known/oauth-protected-resource";

  static final String VERIFIED_ATTRIBUTE = VerifiedToken.class.getName();

  private final URI resource;
  private final String issuer;
  private final TokenVerifier verifier;
  private final Set<String> serverScopes;
  private final Map<String, Set<String>> toolScopes;

  private McpBearerAuth(Builder builder, JWKSource<SecurityContext> keys) {
    this.resource = builder.resource;
    this.issuer = builder.issuer;
    this.serverScopes = Set.copyOf(builder.serverScopes);
    Map<String, Set<String>> tools = new LinkedHashMap<>();
    builder.toolScopes.forEach((tool, scopes) -> tools.put(tool, Set.copyOf(scopes)));
    this.toolScopes = Map.copyOf(tools);
    this.verifier = new TokenVerifier(builder.issuer, builder.resource.toString(), keys, builder.algorithms,
        builder.clockSkew);
  }

  /**
   * A builder for the MCP server at {@code resource}, its canonical URI (e.g. {@code
   * https://mcp.example.com/mcp}): tokens must name it in their audience, and the metadata
   * document names it as {@code resource}.
   */
  public static Builder builder(URI resource) {
    return new Builder(resource);
  }

  /** The servlet filter to put in front of the MCP endpoint and {@link #METADATA_PATH}. */
  public Filter filter() {
    return new BearerFilter(this);
  }

  /** The transport's context extractor: the verified token, or an empty context. */
  public McpTransportContextExtractor<HttpServletRequest> contextExtractor() {
    return request -> {
      VerifiedToken verified = request.getAttribute(VERIFIED_ATTRIBUTE) instanceof VerifiedToken checked
          ? checked : verify(request.getHeader("Authorization")) instanceof TokenVerifier.Valid valid
          ? valid.token() : null;
      return verified == null ? McpTransportContext.EMPTY
          : McpTransportContext.create(Map.of(VerifiedToken.CONTEXT_KEY, verified));
    };
  }

  /** The URL of this server's metadata document: the well-known path inserted before the resource's path. */
  public URI metadataUrl() {
    String path = resource.getPath() == null || resource.getPath().equals("/") ? "" : resource.getPath();
    return resource.resolve(METADATA_PATH + path);
  }

  /** The protected-resource metadata (RFC 9728) as a JSON object. */
  Map<String, Object> metadata() {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("resource", resource.toString());
    metadata.put("authorization_servers", List.of(issuer));
    Set<String> supported = new LinkedHashSet<>(serverScopes);
    toolScopes.values().forEach(supported::addAll);
    metadata.put("scopes_supported", List.copyOf(supported));
    metadata.put("bearer_methods_supported", List.of("header"));
    return metadata;
  }

  TokenVerifier.Verification verify(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        || authorization.substring(7).isBlank()) {
      return null;
    }
    return verifier.verify(authorization.substring(7).trim());
  }

  Set<String> serverScopes() {
    return serverScopes;
  }

  Map<String, Set<String>> toolScopes() {
    return toolScopes;
  }

  /** Collects the settings; not thread-safe. */
  public static final class Builder {
    private final URI resource;
    private String issuer;
    private JWKSet keys;
    private URI jwks;
    private Set<JWSAlgorithm> algorithms = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private Duration clockSkew = Duration.ofSeconds(30);
    private final Set<String> serverScopes = new LinkedHashSet<>();
    private final Map<String, Set<String>> toolScopes = new LinkedHashMap<>();

    private Builder(URI resource) {
      this.resource = Objects.requireNonNull(resource, "resource");
      if (!resource.isAbsolute()) {
        throw new IllegalArgumentException("the resource is an absolute URI, not " + resource);
      }
    }

    /** The authorization server: the {@code iss} tokens must carry, listed in the metadata. */
    public Builder issuer(String issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /** The issuer's JWKS URL, fetched and cached (refreshed when an unknown key id shows up). */
    public Builder jwks(URI jwks) {
      this.jwks = Objects.requireNonNull(jwks, "jwks");
      return this;
    }

    /** Fixed verification keys instead of a JWKS URL. */
    public Builder keys(JWKSet keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /** Accepted signature algorithms; RS256 and ES256 unless set. */
    public Builder algorithms(Set<JWSAlgorithm> algorithms) {
      this.algorithms = Set.copyOf(algorithms);
      return this;
    }

    /** Tolerance for clocks that disagree, at most five minutes; 30 seconds unless set. */
    public Builder clockSkew(Duration clockSkew) {
      if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("the clock skew is between 0 and 5 minutes, not " + clockSkew);
      }
      this.clockSkew = clockSkew;
      return this;
    }

    /** Scopes every request needs. */
    public Builder requiredScopes(String... scopes) {
      serverScopes.addAll(List.of(scopes));
      return this;
    }

    /**
     * Scopes a {@code tools/call} of {@code tool} needs on top of the server's. A token without
     * them gets a 403 naming them, before any policy is asked: this tells the client the tool
     * exists, so leave it out for tools hidden in stealth mode.
     */
    public Builder toolScopes(String tool, String... scopes) {
      toolScopes.computeIfAbsent(Objects.requireNonNull(tool, "tool"), name -> new LinkedHashSet<>())
          .addAll(List.of(scopes));
      return this;
    }

    /**
     * @throws IllegalStateException without an issuer, or without keys or a JWKS URL
     */
    public McpBearerAuth build() {
      if (issuer == null) {
        throw new IllegalStateException("the issuer is needed: tokens are only accepted from it");
      }
      if ((keys == null) == (jwks == null)) {
        throw new IllegalStateException("give either the issuer's JWKS URL or its keys");
      }
      try {
        JWKSource<SecurityContext> source = keys != null ? new ImmutableJWKSet<>(keys)
            : JWKSourceBuilder.<SecurityContext>create(jwks.toURL()).build();
        return new McpBearerAuth(this, source);
      } catch (MalformedURLException e) {
        throw new IllegalStateException("the JWKS URL is not a URL: " + jwks, e);
      }
    }
  }
}
