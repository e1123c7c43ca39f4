/**
 * The MCP endpoint: an MCP JSON-RPC message becomes an AuthZEN request by the COAZ-MCP default
 * mapping (ping and notifications pass through, unknown methods are denied), is decided, and the
 * answer carries the JSON-RPC error an enforcement point should return on a deny.
 */
package dev.arbiter.pdp.mcp;
