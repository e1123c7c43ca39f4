/**
 * Run-time values. Plain Java types where they fit, so the evaluator allocates nothing to wrap them:
 * {@code Boolean}, {@code Long} (int), {@code BigDecimal} (decimal, trailing zeros stripped), {@code
 * String}, {@code Instant} (datetime), {@code Duration}, {@code Set} and {@code List} (immutable,
 * insertion-ordered), {@code Map<String, Object>} (records and maps), plus {@link
 * dev.arbiter.policy.value.IpRange} and {@link dev.arbiter.policy.value.EntityUid}.
 */
package dev.arbiter.policy.value;
