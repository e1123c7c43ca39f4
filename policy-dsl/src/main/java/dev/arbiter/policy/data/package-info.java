/**
 * A bundle's data: entities (attributes and parents) and named values, read from JSON data files
 * and checked against the schema; and {@link dev.arbiter.policy.data.ValueDecoder}, which turns any
 * JSON into run-time values of a declared type (data files and requests alike).
 *
 * <p>The transitive closure of the entity hierarchy is computed once, when data is loaded, so
 * {@code in} over parents is a hash lookup at evaluation time.
 */
package dev.arbiter.policy.data;
