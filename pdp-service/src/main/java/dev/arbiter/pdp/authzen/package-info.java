/**
 * The OpenID AuthZEN Authorization API 1.0: evaluation, batch evaluations, the three searches and
 * discovery. Bodies are read as raw JSON so that every bad input gets a 400 with a precise message
 * (AuthZEN clients expect 400, never 415 or 500); answers are written by hand so batch items stay
 * exactly {@code {"decision": …}} for strict clients.
 */
package dev.arbiter.pdp.authzen;
