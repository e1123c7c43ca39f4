package dev.arbiter.pep.mcp;

import java.util.Map;
import java.util.Set;

/**
 * The COAZ-MCP default mapping from an MCP method to an AuthZEN action and resource, with the
 * semantics of the PDP's own {@code /v1/mcp/authorize}: the action is the method name, {@code ping}
 * and notifications pass through, and a method the mapping does not know is denied, never passed: a
 * new MCP method must be authorized on purpose.
 */
final class CoazMapping {
  private static final Set<String> SERVER_METHODS = Set.of("initialize", "tools/list", "resources/list",
      "prompts/list", "tasks/list", "logging/setLevel");
  private static final Set<String> RESOURCE_METHODS = Set.of("resources/read", "resources/subscribe",
      "resources/unsubscribe");
  private static final Set<String> TASK_METHODS = Set.of("tasks/get", "tasks/result", "tasks/cancel");

  private CoazMapping() {}

  /** What the mapping makes of a message. */
  sealed interface Mapped {}

  /** Needs no decision: {@code ping} and notifications. */
  record PassThrough() implements Mapped {}

  /** Denied without asking the policies. */
  record Unmapped(String reason) implements Mapped {}

  /** The message lacks what its method's mapping needs. */
  record Invalid(String message) implements Mapped {}

  /** The action and resource to decide. */
  record Target(String action, String type, String id) implements Mapped {}

  /**
   * @param method the JSON-RPC method
   * @param params its parameters; {@code null} when it has none
   * @param server the id of this MCP server as the policies know it
   */
  static Mapped map(String method, Map<String, ?> params, String server) {
    if (method.equals("ping") || method.startsWith("notifications/")) {
      return new PassThrough();
    }
    if (SERVER_METHODS.contains(method)) {
      return new Target(method, "mcp_server", server);
    }
    if (method.equals("tools/call")) {
      return parameter(method, params, "name", "tool");
    }
    if (RESOURCE_METHODS.contains(method)) {
      return parameter(method, params, "uri", "resource");
    }
    if (method.equals("prompts/get")) {
      return parameter(method, params, "name", "prompt");
    }
    if (TASK_METHODS.contains(method)) {
      return parameter(method, params, "taskId", "task");
    }
    return new Unmapped("method " + method + " is not covered by the authorization mapping");
  }

  private static Mapped parameter(String method, Map<String, ?> params, String key, String type) {
    if (params != null && params.get(key) instanceof String id && !id.isEmpty()) {
      return new Target(method, type, id);
    }
    return new Invalid(method + " needs `params." + key + "` as a non-empty string");
  }
}
