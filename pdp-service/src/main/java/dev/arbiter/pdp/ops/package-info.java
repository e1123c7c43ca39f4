/**
 * Running the service: readiness (ready only with an active bundle), the admin status of the
 * bundle store, and metrics about the active revision.
 */
package dev.arbiter.pdp.ops;
