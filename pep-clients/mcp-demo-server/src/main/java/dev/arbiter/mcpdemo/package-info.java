/**
 * A runnable MCP server whose tools, resource and prompt are protected by {@code pep-mcp} against an
 * Arbiter PDP with the shipped policies: {@link dev.arbiter.mcpdemo.Main} starts it ({@code
 * bin/mcp-demo}) and mints tokens for its demo personas; {@link dev.arbiter.mcpdemo.DemoServer} is
 * the server, for tests to start in-process.
 */
package dev.arbiter.mcpdemo;
