/**
 * What every HTTP endpoint shares: reading a JSON body under limits, the error body {@code {"code",
 * "message"}} (never a stack trace, class name or path), request-id echo, and turning whatever the
 * framework throws into that same error shape.
 */
package dev.arbiter.pdp.web;
