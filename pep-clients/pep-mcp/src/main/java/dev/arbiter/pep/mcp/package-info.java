/**
 * MCP enforcement for servers built with the official MCP Java SDK: {@link dev.arbiter.pep.mcp.McpPep}
 * authorizes every message with the COAZ-MCP binding against an Arbiter PDP, and {@link
 * dev.arbiter.pep.mcp.McpBearerAuth} makes the streamable-HTTP endpoint an OAuth 2.1 resource server
 * that puts the caller's {@link dev.arbiter.pep.mcp.VerifiedToken} into the transport context.
 * Everything else in the package is implementation.
 */
package dev.arbiter.pep.mcp;
