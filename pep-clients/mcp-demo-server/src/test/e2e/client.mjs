// Runs MCP steps against a server with the official TypeScript SDK and prints one JSON result per
// step. Usage: node client.mjs URL < steps.json, where steps.json is
//   {"tokens": {"alice": "eyJ…"}, "steps": [{"as": "alice", "op": "listTools"}, …]}
// and op is listTools | callTool (name, arguments) | listResources | readResource (uri) |
// listPrompts | getPrompt (name, arguments) | request (method, params): a raw JSON-RPC request.
// A step's result is {"ok": <the SDK's result>} or {"error": {"code", "message", "data"}}; the
// Java test (McpEndToEndIT) makes the assertions.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ResultSchema } from "@modelcontextprotocol/sdk/types.js";

const url = new URL(process.argv[2]);
const input = JSON.parse(await new Promise((resolve) => {
  let text = "";
  process.stdin.on("data", (chunk) => (text += chunk));
  process.stdin.on("end", () => resolve(text));
}));

const clients = new Map();
async function client(persona) {
  if (!clients.has(persona)) {
    const transport = new StreamableHTTPClientTransport(url, {
      requestInit: { headers: { Authorization: `Bearer ${input.tokens[persona]}` } },
    });
    const connected = new Client({ name: `e2e-${persona}`, version: "1.0.0" });
    await connected.connect(transport);
    clients.set(persona, connected);
  }
  return clients.get(persona);
}

async function run(step) {
  const mcp = await client(step.as);
  switch (step.op) {
    case "listTools": return mcp.listTools();
    case "callTool": return mcp.callTool({ name: step.name, arguments: step.arguments ?? {} });
    case "listResources": return mcp.listResources();
    case "readResource": return mcp.readResource({ uri: step.uri });
    case "listPrompts": return mcp.listPrompts();
    case "getPrompt": return mcp.getPrompt({ name: step.name, arguments: step.arguments ?? {} });
    case "request": return mcp.request({ method: step.method, params: step.params ?? {} }, ResultSchema);
    default: throw new Error(`unknown op ${step.op}`);
  }
}

const results = [];
for (const step of input.steps) {
  try {
    results.push({ ok: await run(step) });
  } catch (error) {
    results.push({ error: { code: error.code ?? null, message: String(error.message), data: error.data ?? null } });
  }
}
for (const connected of clients.values()) {
  await connected.close();
}
process.stdout.write(JSON.stringify(results) + "\n");
