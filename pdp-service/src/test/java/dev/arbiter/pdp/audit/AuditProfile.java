package dev.arbiter.pdp.audit;

import dev.arbiter.pdp.security.Roles;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The shipped policies, callers with API keys (an enforcement point, an auditor, a policy admin),
 * and an audit trail in a file of its own with sensitive paths configured.
 */
public class AuditProfile implements QuarkusTestProfile {
  static final String PEP_KEY = "pep-5b2e8f0a1c3d4e5f60718293a4b5c6d7";
  static final String AUDITOR_KEY = "auditor-9a8b7c6d5e4f30211f2e3d4c5b6a7988";
  static final String ADMIN_KEY = "admin-0a1b2c3d4e5f60718293a4b5c6d7e8f9";
  static final Path FILE = Path.of("target", "audit-tests", "trail-" + ProcessHandle.current().pid() + "-"
      + System.nanoTime() + ".jsonl").toAbsolutePath();

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.ofEntries(
        Map.entry("arbiter.policies.dir", "../policies"),
        Map.entry("arbiter.auth.mode", "api-key"),
        Map.entry("arbiter.auth.api-keys.files-server.hash", hash(PEP_KEY)),
        Map.entry("arbiter.auth.api-keys.ops.hash", hash(AUDITOR_KEY)),
        Map.entry("arbiter.auth.api-keys.ops.roles", Roles.AUDITOR),
        Map.entry("arbiter.auth.api-keys.release.hash", hash(ADMIN_KEY)),
        Map.entry("arbiter.auth.api-keys.release.roles", Roles.POLICY_ADMIN),
        Map.entry("arbiter.audit.file", FILE.toString()),
        Map.entry("arbiter.audit.sensitive", "subject.properties.email,context.ip,context.arguments.path"),
        Map.entry("arbiter.audit.redacted", "context.arguments.body"),
        Map.entry("arbiter.audit.masking-key", "c2l4dGVlbi1ieXRlcy1ub3QtZW5vdWdoLWJ1dC10aGlydHktdHdvLWlzIQ=="));
  }

  static String hash(String key) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
