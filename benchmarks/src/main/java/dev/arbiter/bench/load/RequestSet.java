package dev.arbiter.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tool calls the load benchmark sends ({@code benchmarks/load/requests.json}), each written once
 * for Arbiter (an AuthZEN request: the tool by type and id, its attributes in the bundle's data) and
 * once for Cerbos (a {@code CheckResources} request: the tool's attributes, copied from the bundle's
 * {@code data/tools.json}, and the call's arguments as resource attributes).
 */
record RequestSet(List<Call> calls) {
  static final String ACTION = "tools/call";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One call: its name, the decision Arbiter's bundle gives it, and its two wire forms as JSON. */
  record Call(String name, boolean expectPermit, ObjectNode arbiter, ObjectNode cerbos) {}

  RequestSet {
    calls = List.copyOf(calls);
    if (calls.stream().noneMatch(Call::expectPermit) || calls.stream().allMatch(Call::expectPermit)) {
      throw new IllegalArgumentException("the request set needs at least one permit and one deny");
    }
  }

  /** Reads {@code requestsFile}, taking the tools' attributes from {@code bundle}'s {@code data/tools.json}. */
  static RequestSet load(Path requestsFile, Path bundle) throws IOException {
    Map<String, JsonNode> tools = tools(JSON.readTree(bundle.resolve("data/tools.json").toFile()));
    List<Call> calls = new ArrayList<>();
    for (JsonNode request : JSON.readTree(requestsFile.toFile()).required("requests")) {
      String name = request.required("name").asText();
      String toolId = request.required("tool").asText();
      JsonNode tool = tools.get(toolId);
      if (tool == null) {
        throw new IllegalArgumentException(name + ": the bundle has no tool `" + toolId + "`");
      }
      boolean permit = switch (request.required("expect").asText()) {
        case "permit" -> true;
        case "deny" -> false;
        default -> throw new IllegalArgumentException(name + ": `expect` is permit or deny");
      };
      calls.add(new Call(name, permit, arbiter(request), cerbos(request, tool)));
    }
    return new RequestSet(calls);
  }

  int size() {
    return calls.size();
  }

  Call get(int index) {
    return calls.get(index);
  }

  private static Map<String, JsonNode> tools(JsonNode toolsFile) {
    Map<String, JsonNode> tools = new HashMap<>();
    for (JsonNode entity : toolsFile.required("entities")) {
      if (entity.path("type").asText().equals("tool")) {
        tools.put(entity.required("id").asText(), entity.required("properties"));
      }
    }
    return tools;
  }

  /** {@code {"subject": {"type": "identity", ...}, "action": ..., "resource": {"type": "tool", "id": ...}, "context": ...}}. */
  private static ObjectNode arbiter(JsonNode request) {
    JsonNode caller = request.required("subject");
    ObjectNode body = JSON.createObjectNode();
    ObjectNode subject = body.putObject("subject").put("type", "identity").put("id", caller.required("id").asText());
    ObjectNode properties = subject.putObject("properties");
    properties.set("roles", caller.required("roles"));
    properties.set("tenant", caller.required("tenant"));
    properties.set("clearance", caller.required("clearance"));
    properties.set("scopes", caller.required("scopes"));
    body.putObject("action").put("name", ACTION);
    body.putObject("resource").put("type", "tool").put("id", request.required("tool").asText());
    body.putObject("context").set("arguments", request.required("arguments"));
    return body;
  }

  /** {@code {"principal": {"id", "roles", "attr"}, "resources": [{"actions": [...], "resource": {"kind": "tool", "id", "attr"}}]}}. */
  private static ObjectNode cerbos(JsonNode request, JsonNode tool) {
    JsonNode caller = request.required("subject");
    ObjectNode body = JSON.createObjectNode();
    ObjectNode principal = body.putObject("principal").put("id", caller.required("id").asText());
    principal.set("roles", caller.required("roles"));
    ObjectNode principalAttributes = principal.putObject("attr");
    principalAttributes.set("tenant", caller.required("tenant"));
    principalAttributes.set("clearance", caller.required("clearance"));
    principalAttributes.set("scopes", caller.required("scopes"));
    ObjectNode entry = body.putArray("resources").addObject();
    entry.putArray("actions").add(ACTION);
    ObjectNode resource = entry.putObject("resource").put("kind", "tool").put("id", request.required("tool").asText());
    ObjectNode resourceAttributes = resource.putObject("attr");
    resourceAttributes.setAll((ObjectNode) tool);
    resourceAttributes.set("arguments", request.required("arguments"));
    return body;
  }
}
