/**
 * The static types of the language and a bundle's schema: entity types and their roles, attribute
 * types, the action and context shapes, declared data values, obligations and advice.
 *
 * <p>{@link dev.arbiter.policy.schema.Schema} is built once per bundle by the checker from every
 * {@code schema} block and is immutable afterwards.
 */
package dev.arbiter.policy.schema;
