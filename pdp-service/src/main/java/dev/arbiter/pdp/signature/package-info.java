/**
 * Signed PEP requests and replay protection. A PEP may sign each request with HMAC-SHA256 over
 * its method, path, body digest, timestamp and nonce; the PDP accepts a signature only inside a
 * time window and only once, so a captured request cannot be sent again. Keys carry ids, and
 * several are valid at once, which is how a key is rotated without downtime.
 *
 * <p>{@link dev.arbiter.pdp.signature.SignedRequestInterceptor} checks bodies as the endpoints read
 * them; {@link dev.arbiter.pdp.signature.RequestSignatures} holds the rules and the nonce memory.
 */
package dev.arbiter.pdp.signature;
