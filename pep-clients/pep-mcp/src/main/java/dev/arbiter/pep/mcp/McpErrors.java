package dev.arbiter.pep.mcp;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/**
 * The JSON-RPC errors of the COAZ-MCP binding, as the PDP's {@code /v1/mcp/authorize} writes them:
 * {@code -32001} for a denial (by policy, an unmapped method, a caller without a verified token, an
 * unreachable PDP, an obligation that cannot be met), {@code -32602} when the message lacks what its
 * mapping needs. The data holds only the decision id, when there is one: reasons stay in the
 * server's logs. In stealth mode a hidden tool, resource or prompt gets exactly the SDK's own
 * answer for one that does not exist.
 */
final class McpErrors {
  static final int ACCESS_DENIED = -32001;

  private McpErrors() {}

  static McpError denied(String message, String decisionId) {
    McpError.Builder error = McpError.builder(ACCESS_DENIED).message("Access denied: " + message);
    if (decisionId != null) {
      error.data(Map.of("decision_id", decisionId));
    }
    return error.build();
  }

  static McpError invalidParams(String message) {
    return McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message("Invalid params: " + message).build();
  }

  /** What {@code McpAsyncServer} 2.1.0 answers for a tool, resource or prompt it does not have. */
  static McpError notFound(String type, String id) {
    return switch (type) {
      case "tool" -> McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message("Unknown tool: invalid_tool_name")
          .data("Tool not found: " + id).build();
      case "prompt" -> McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message("Invalid prompt name")
          .data("Prompt not found: " + id).build();
      default -> McpError.RESOURCE_NOT_FOUND.apply(id);
    };
  }

  static McpSchema.JSONRPCResponse response(Object id, McpError error) {
    return new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, id, null, error.getJsonRpcError());
  }
}
