package dev.arbiter.pdp.audit;

/**
 * How the author of a note (a grant change, a blocklist change, an incident step, a security
 * event) masks its values: by what each value is, in the terms the masking configuration uses. A
 * value that stands for a request attribute — a network is what {@code context.ip} holds, a session
 * what {@code context.session} holds — is masked exactly when that attribute (or one around it,
 * such as {@code context.arguments} for {@code context.arguments.path}) is configured in {@code
 * arbiter.audit.sensitive} or {@code redacted}: hashed with the same key, so that it hashes as in the
 * decision records and an auditor can follow it across both. Free text has every value masked so
 * far in the same note replaced. One instance per note; not thread-safe.
 */
public interface NoteMasking {

  /** {@code value} as the trail may keep it, given that it is what request attribute {@code path} holds. */
  String attribute(String path, String value);

  /** {@code text} with every value this note masked so far replaced. */
  String text(String text);
}
