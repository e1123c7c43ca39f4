package dev.arbiter.pdp.mcp;

import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The COAZ-MCP default mapping from an MCP method to an AuthZEN action and resource. The action is
 * the method name. Methods the mapping does not know are denied, never passed: a new MCP method
 * must be authorized on purpose.
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
  record Target(String method, String type, String id) implements Mapped {
    JsonObject action() {
      return object(Map.of("name", method));
    }

    JsonObject resource() {
      Map<String, String> resource = new LinkedHashMap<>();
      resource.put("type", type);
      resource.put("id", id);
      return object(resource);
    }

    private static JsonObject object(Map<String, String> fields) {
      Map<String, Json> members = new LinkedHashMap<>();
      fields.forEach((key, value) -> members.put(key, new JsonString(value, 0, 0)));
      return new JsonObject(members, 0, 0);
    }
  }

  static Mapped map(String method, JsonObject params, String server) {
    if (method.equals("ping") || method.startsWith("notifications/")) {
      return new PassThrough();
    }
    if (SERVER_METHODS.contains(method)) {
      return server == null
          ? new Invalid("`server` (the MCP server's audience) is needed to authorize " + method)
          : new Target(method, "mcp_server", server);
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

  private static Mapped parameter(String method, JsonObject params, String key, String type) {
    if (params != null && params.members().get(key) instanceof JsonString id && !id.value().isEmpty()) {
      return new Target(method, type, id.value());
    }
    return new Invalid(method + " needs `params." + key + "` as a non-empty string");
  }
}
