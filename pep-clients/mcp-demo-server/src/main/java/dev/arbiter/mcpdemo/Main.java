package dev.arbiter.mcpdemo;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/mcp-demo}: {@code serve} (the default) runs the demo server; {@code token PERSONA}
 * prints a token for {@code alice}, {@code bob} or {@code guest}. Settings are environment
 * variables:
 *
 * <ul>
 *   <li>{@code MCP_DEMO_PORT} (8090), {@code MCP_DEMO_HOST} (127.0.0.1): where the server listens;
 *   <li>{@code ARBITER_PDP} ({@code http://127.0.0.1:8080}): the PDP;
 *   <li>{@code MCP_DEMO_HOME} ({@code ~/.arbiter-mcp-demo}): the signing key and the sandbox
 *       directory behind {@code /workspace};
 *   <li>{@code MCP_DEMO_WEB_ORIGINS}: {@code host=url,…}, where {@code http_get} connects for a host
 *       instead of the host itself (to serve an allowed domain locally, offline);
 *   <li>{@code MCP_DEMO_STEALTH} ({@code false}): {@code true} makes a tool the caller may not see
 *       answer as if it did not exist.
 * </ul>
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "serve" : args[0];
    Path home = Path.of(env("MCP_DEMO_HOME", System.getProperty("user.home") + "/.arbiter-mcp-demo"));
    DemoKeys keys = DemoKeys.in(home.resolve("demo-key.json"));
    String host = env("MCP_DEMO_HOST", "127.0.0.1");
    int port = Integer.parseInt(env("MCP_DEMO_PORT", "8090"));
    switch (command) {
      case "token" -> {
        if (args.length != 2) {
          usage();
        }
        System.out.println(keys.token(args[1], "http://" + host + ":" + port + "/mcp", Duration.ofHours(1)));
      }
      case "serve" -> serve(home, keys, host, port);
      default -> usage();
    }
  }

  private static void serve(Path home, DemoKeys keys, String host, int port) throws Exception {
    Path sandbox = home.resolve("workspace");
    Files.createDirectories(sandbox);
    DemoServer.Settings settings = new DemoServer.Settings(host, port, env("ARBITER_PDP", "http://127.0.0.1:8080"),
        sandbox, Set.of("example.com", "api.github.com", "docs.python.org"), webOrigins(env("MCP_DEMO_WEB_ORIGINS", "")),
        Boolean.parseBoolean(env("MCP_DEMO_STEALTH", "false")));
    DemoServer server = DemoServer.start(settings, keys);
    System.out.println("mcp-demo: MCP server at " + server.resource() + " (sandbox " + sandbox + "), PDP "
        + settings.pdp());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (Exception e) {
        System.err.println("mcp-demo: stopping: " + e.getMessage());
      }
      stopped.countDown();
    }));
    stopped.await();
  }

  private static Map<String, URI> webOrigins(String setting) {
    Map<String, URI> origins = new LinkedHashMap<>();
    Arrays.stream(setting.split(",")).map(String::trim).filter(entry -> !entry.isEmpty()).forEach(entry -> {
      int equals = entry.indexOf('=');
      if (equals < 1) {
        throw new IllegalArgumentException("MCP_DEMO_WEB_ORIGINS entries are host=url, not `" + entry + "`");
      }
      origins.put(entry.substring(0, equals), URI.create(entry.substring(equals + 1)));
    });
    return origins;
  }

  private static String env(String name, String otherwise) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? otherwise : value;
  }

  private static void usage() {
    System.err.println("usage: mcp-demo [serve | token alice|bob|guest]");
    System.exit(2);
  }
}
