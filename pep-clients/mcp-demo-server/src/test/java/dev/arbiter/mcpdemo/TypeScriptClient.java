package dev.arbiter.mcpdemo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The official MCP TypeScript SDK, run with node: {@code src/test/e2e/client.mjs} performs steps and
 * prints their results. Its npm packages are installed from the lockfile on first use.
 */
final class TypeScriptClient {
  private static final Path DIRECTORY = Path.of("src", "test", "e2e").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  private TypeScriptClient() {}

  /** Whether {@code node} and {@code npm} can be run. */
  static boolean available() {
    try {
      return new ProcessBuilder("node", "--version").start().waitFor() == 0
          && new ProcessBuilder("npm", "--version").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** {@code npm ci}: the packages of the lockfile, unless they are already there. */
  static void install() throws Exception {
    if (Files.isDirectory(DIRECTORY.resolve("node_modules/@modelcontextprotocol/sdk"))) {
      return;
    }
    Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DIRECTORY.toFile())
        .redirectErrorStream(true).start();
    String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
      throw new AssertionError("npm ci failed:\n" + output);
    }
  }

  /** The results of {@code steps}, one JSON object per step: {@code {"ok": …}} or {@code {"error": …}}. */
  static List<JsonNode> run(URI server, Map<String, String> tokens, List<Map<String, Object>> steps) throws Exception {
    Process node = new ProcessBuilder("node", "client.mjs", server.toString()).directory(DIRECTORY.toFile()).start();
    node.getOutputStream().write(JSON.writeValueAsBytes(Map.of("tokens", tokens, "steps", steps)));
    node.getOutputStream().close();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String errors = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!node.waitFor(2, TimeUnit.MINUTES) || node.exitValue() != 0) {
      throw new AssertionError("the TypeScript client failed:\n" + output + errors);
    }
    JsonNode results = JSON.readTree(output);
    return java.util.stream.StreamSupport.stream(results.spliterator(), false).toList();
  }
}
