/**
 * A small JSON tree that remembers where each value was written, read with jackson-core under
 * explicit limits (depth, string length, document size) and with duplicate keys refused. Data files
 * and requests both arrive through it, so one decoder turns either into typed values.
 */
package dev.arbiter.policy.json;
