package dev.arbiter.pep.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpError;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@link McpBearerAuth#filter()}: serves the protected-resource metadata and lets through only
 * requests with a valid token that has the scopes needed. Answers are {@code {"code","message"}},
 * except a refused {@code initialize}: the binding's JSON-RPC error, as every other refusal is.
 */
final class BearerFilter implements Filter {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Bodies larger than this are not read (to find the called tool, or the id of an initialize): refused. */
  private static final int MAX_BODY = 4 * 1024 * 1024;
  private static final String SESSION_HEADER = "Mcp-Session-Id";

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
    byte[] body = null;
    // A POST without a session may be an initialize, whose refusal this filter answers: with the
    // request's id, which is in the body.
    boolean mayStartSession = request.getMethod().equals("POST") && request.getHeader(SESSION_HEADER) == null;
    if (request.getMethod().equals("POST") && (mayStartSession || !auth.toolScopes().isEmpty())) {
      body = request.getInputStream().readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        write(response, 413, Map.of("code", "body_too_large", "message", "the body exceeds " + MAX_BODY + " bytes"));
        return;
      }
      forwarded = new ReadAgain(request, body);
    }
    Set<String> needed = new LinkedHashSet<>(auth.serverScopes());
    if (body != null) {
      needed.addAll(toolScopes(body));
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
      chain.doFilter(forwarded, mayStartSession ? new Withheld(response) : response);
      McpError refusal = RequestCaller.refusal();
      if (refusal != null) {
        write(response, 200, McpErrors.response(requestId(body), refusal));
      }
    } finally {
      RequestCaller.clear();
    }
  }

  /** The id of the JSON-RPC request in {@code body}; {@code null} if it has none. */
  private static Object requestId(byte[] body) {
    try {
      JsonNode id = JSON.readTree(body).path("id");
      return id.isTextual() ? id.asText() : id.isIntegralNumber() ? id.numberValue() : null;
    } catch (IOException | RuntimeException notJson) {
      return null;
    }
  }

  /** The scopes a {@code tools/call} in the body needs; none for other messages or unknown tools. */
  private Set<String> toolScopes(byte[] body) {
    if (auth.toolScopes().isEmpty()) {
      return Set.of();
    }
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

  private static void write(HttpServletResponse response, int status, Object body) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getOutputStream().write(JSON.writeValueAsBytes(body));
  }

  /**
   * The response of a request that may start a session: once the gate refused the session, what the
   * transport writes (HTTP 500 and the exception, stack trace included) is dropped, and the filter
   * answers instead.
   */
  private static final class Withheld extends HttpServletResponseWrapper {
    private static final ServletOutputStream NOWHERE = new ServletOutputStream() {
      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setWriteListener(WriteListener listener) {}

      @Override
      public void write(int b) {}
    };

    Withheld(HttpServletResponse response) {
      super(response);
    }

    private static boolean refused() {
      return RequestCaller.refusal() != null;
    }

    @Override
    public void setStatus(int status) {
      if (!refused()) {
        super.setStatus(status);
      }
    }

    @Override
    public void sendError(int status) throws IOException {
      if (!refused()) {
        super.sendError(status);
      }
    }

    @Override
    public void sendError(int status, String message) throws IOException {
      if (!refused()) {
        super.sendError(status, message);
      }
    }

    @Override
    public void setHeader(String name, String value) {
      if (!refused()) {
        super.setHeader(name, value);
      }
    }

    @Override
    public void addHeader(String name, String value) {
      if (!refused()) {
        super.addHeader(name, value);
      }
    }

    @Override
    public void setContentType(String type) {
      if (!refused()) {
        super.setContentType(type);
      }
    }

    @Override
    public void setCharacterEncoding(String charset) {
      if (!refused()) {
        super.setCharacterEncoding(charset);
      }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      return refused() ? NOWHERE : super.getOutputStream();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      return refused() ? new PrintWriter(NOWHERE) : super.getWriter();
    }

    @Override
    public void flushBuffer() throws IOException {
      if (!refused()) {
        super.flushBuffer();
      }
    }
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
