/**
 * Caches around the pipeline (Caffeine): compiled bundles by the digest of their files, so an
 * unchanged bundle is never compiled twice, and decisions by bundle revision and canonical request.
 * Both are bounded and count hits and misses.
 */
package dev.arbiter.policy.cache;
