package dev.arbiter.pep.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@link McpBearerAuth#filter()}: serves the protected-resource metadata and lets through only
 * requests with a valid token that has the scopes needed. Answers are {@code {"code","message"}}.
 */
final class BearerFilter implements Filter {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Bodies larger than this are not read to find the called tool: refused. */
  private static final int MAX_BODY = 4 * 1024 * 1024;

  private final McpBearerAuth auth;

  BearerFilter(McpBearerAuth auth) {
    this.auth = auth;
  }

  @Override
  public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) servletRequest;
    HttpServletResponse response = (HttpServletResponse) servletResponse;
    if (request.getRequestURI().startsWith(McpBearerAuth.METADATA_PATH)) {
      if (!request.getMethod().equals("GET")) {
        write(response, 405, Map.of("code", "method_not_allowed", "message", "the metadata is read with GET"));
        return;
      }
      write(response, 200, auth.metadata());
      return;
    }
    TokenVerifier.Verification verification = auth.verify(request.getHeader("Authorization"));
    if (!(verification instanceof TokenVerifier.Valid valid)) {
      String challenge = "Bearer resource_metadata=\"" + auth.metadataUrl() + "\"" + scopeParameter(auth.serverScopes());
      String message = "a bearer token for " + auth.metadata().get("resource") + " is needed";
      if (verification instanceof TokenVerifier.Invalid invalid) {
        challenge += ", error=\"invalid_token\", error_description=\"" + quotable(invalid.reason()) + "\"";
        message = "the bearer token was refused: " + invalid.reason();
      }
      response.setHeader("WWW-Authenticate", challenge);
      write(response, 401, Map.of("code", "unauthorized", "message", message));
      return;
    }
    HttpServletRequest forwarded = request;
    Set<String> needed = new LinkedHashSet<>(auth.serverScopes());
    if (!auth.toolScopes().isEmpty() && request.getMethod().equals("POST")) {
      byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        write(response, 413, Map.of("code", "body_too_large", "message", "the body exceeds " + MAX_BODY + " bytes"));
        return;
      }
      needed.addAll(toolScopes(body));
      forwarded = new ReadAgain(request, body);
    }
    Set<String> granted = scopes(valid.token().claims().get("scope"));
    if (!granted.containsAll(needed)) {
      response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"" + scopeParameter(needed)
          + ", resource_metadata=\"" + auth.metadataUrl() + "\", error_description=\"this needs the scopes "
          + String.join(" ", needed) + "\"");
      write(response, 403, Map.of("code", "insufficient_scope", "message",
          "this needs the scopes " + String.join(" ", needed)));
      return;
    }
    forwarded.setAttribute(McpBearerAuth.VERIFIED_ATTRIBUTE, valid.token());
    RequestCaller.set(valid.token());
    try {
      chain.doFilter(forwarded, response);
    } finally {
      RequestCaller.clear();
    }
  }

  /** The scopes a {@code tools/call} in the body needs; none for other messages or unknown tools. */
  private Set<String> toolScopes(byte[] body) {
    try {
      JsonNode message = JSON.readTree(body);
      if (message != null && "tools/call".equals(message.path("method").asText())) {
        return auth.toolScopes().getOrDefault(message.path("params").path("name").asText(), Set.of());
      }
    } catch (IOException notJson) {
      // the transport answers a malformed message itself
    }
    return Set.of();
  }

  private static Set<String> scopes(Object claim) {
    return switch (claim) {
      case String words -> new LinkedHashSet<>(Arrays.asList(words.trim().split("\\s+")));
      case java.util.Collection<?> list -> {
        Set<String> scopes = new LinkedHashSet<>();
        list.forEach(scope -> scopes.add(String.valueOf(scope)));
        yield scopes;
      }
      case null, default -> Set.of();
    };
  }

  private static String scopeParameter(Set<String> scopes) {
    return scopes.isEmpty() ? "" : ", scope=\"" + String.join(" ", scopes) + "\"";
  }

  /** RFC 6750 quoted strings: no quotes or backslashes. */
  private static String quotable(String text) {
    return text.replace('"', '\'').replace('\\', '/');
  }

  private static void write(HttpServletResponse response, int status, Map<String, ?> body) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getOutputStream().write(JSON.writeValueAsBytes(body));
  }

  /** The request with its body, already read to find the tool, readable again by the transport. */
  private static final class ReadAgain extends HttpServletRequestWrapper {
    private final byte[] body;

    ReadAgain(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("the body is already read");
        }

        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
          return in.read(buffer, offset, length);
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
    }
  }
}
