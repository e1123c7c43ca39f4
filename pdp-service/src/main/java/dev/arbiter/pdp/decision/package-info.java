/**
 * Deciding requests for every protocol the service speaks: a request as a JSON tree goes in (from
 * AuthZEN REST, the MCP endpoint or gRPC), the active bundle decides it, and a decision with an id,
 * a revision and a time to live comes out, its record queued for the audit trail. Environment
 * attributes the PDP owns (the time, verified token claims) are applied here, once, so every
 * protocol gets the same answer.
 */
package dev.arbiter.pdp.decision;
