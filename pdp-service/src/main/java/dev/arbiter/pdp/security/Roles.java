package dev.arbiter.pdp.security;

/** The service's roles. */
public final class Roles {
  /** Enforcement points: may ask for decisions and watch revisions. */
  public static final String PDP_CLIENT = "pdp-client";

  /** May change and activate policy bundles. */
  public static final String POLICY_ADMIN = "policy-admin";

  /** May grant sessions and tasks temporary permissions, within the configured ceiling. */
  public static final String GRANT_ISSUER = "grant-issuer";

  /** May read store status and the decision log. */
  public static final String AUDITOR = "auditor";

  static final java.util.Set<String> ALL = java.util.Set.of(PDP_CLIENT, POLICY_ADMIN, AUDITOR, GRANT_ISSUER);

  private Roles() {}
}
