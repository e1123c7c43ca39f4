/**
 * The authorization request every stage after checking works on: who (subject), does what (action),
 * to what (resource), in which circumstances (context). Values are run-time values of {@link
 * dev.arbiter.policy.value}.
 */
package dev.arbiter.policy.request;
