package dev.arbiter.pep.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The token guard in a real servlet container, with tokens signed here. */
class McpBearerAuthTest {
  private static final String ISSUER = "https://idp.test";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static RSAKey key;
  private static Server jetty;
  private static URI resource;

  @BeforeAll
  static void start() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    connector.open();
    resource = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/mcp");
    McpBearerAuth auth = McpBearerAuth.builder(resource).issuer(ISSUER).keys(new JWKSet(key.toPublicJWK()))
        .requiredScopes("mcp").toolScopes("query_db", "crm:read").build();
    ServletContextHandler context = new ServletContextHandler();
    context.addFilter(new FilterHolder(auth.filter()), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        VerifiedToken token = VerifiedToken.in(auth.contextExtractor().extract(request));
        response.getWriter().write(token.subject() + " " + new String(request.getInputStream().readAllBytes()));
      }
    }), "/mcp");
    jetty.setHandler(context);
    jetty.start();
  }

  @AfterAll
  static void stop() throws Exception {
    jetty.stop();
  }

  @Test
  void aValidTokenReachesTheServerWithItsClaimsInTheContext() throws Exception {
    HttpResponse<String> response = post(token("bob", resource.toString(), "mcp crm:read", 60), "{\"method\":\"tools/call\","
        + "\"params\":{\"name\":\"query_db\"}}");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("bob {\"method\":\"tools/call\",\"params\":{\"name\":\"query_db\"}}");
  }

  @Test
  void noTokenIsA401PointingToTheMetadata() throws Exception {
    HttpResponse<String> response = post(null, "{}");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer resource_metadata=\""
        + resource.resolve("/.well-known/oauth-protected-resource/mcp") + "\", scope=\"mcp\"");
  }

  @Test
  void expiredForeignAndMisaddressedTokensAre401() throws Exception {
    assertThat(post(token("bob", resource.toString(), "mcp", -120), "{}").headers()
        .firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"").contains("xpired");
    assertThat(post(token("bob", "https://other.test/mcp", "mcp", 60), "{}").headers()
        .firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"").contains("audience");
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
    assertThat(post(sign(stranger, "bob", resource.toString(), "mcp", 60), "{}").statusCode()).isEqualTo(401);
  }

  @Test
  void missingScopesAreA403ListingEveryScopeTheCallNeeds() throws Exception {
    HttpResponse<String> response = post(token("bob", resource.toString(), "mcp", 60),
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"query_db\"}}");
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer error=\"insufficient_scope\", scope=\"mcp crm:read\"");
  }

  @Test
  void theMetadataNamesTheResourceAndItsAuthorizationServer() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
        resource.resolve("/.well-known/oauth-protected-resource/mcp")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"resource\":\"" + resource + "\",\"authorization_servers\":[\"" + ISSUER
        + "\"],\"scopes_supported\":[\"mcp\",\"crm:read\"],\"bearer_methods_supported\":[\"header\"]}");
  }

  private static HttpResponse<String> post(String token, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(resource).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String token(String subject, String audience, String scope, long secondsLeft) throws Exception {
    return sign(key, subject, audience, scope, secondsLeft);
  }

  private static String sign(RSAKey signer, String subject, String audience, String scope, long secondsLeft)
      throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
        new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).audience(audience).claim("scope", scope)
            .expirationTime(Date.from(Instant.now().plusSeconds(secondsLeft))).build());
    jwt.sign(new RSASSASigner(signer));
    return jwt.serialize();
  }
}
