package dev.arbiter.pdp.grants;

import dev.arbiter.policy.json.Json;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One thing a grant allows: {@code action:resource[:argument]}. {@code action} is an action name
 * ({@code tools/call}); {@code resource} a resource id, where {@code *} stands for any characters;
 * {@code argument}, when present, is {@code name=glob} over one string argument of the call, or a
 * bare glob over its {@code path} argument. Path arguments are normalized first, and one that
 * climbs out ({@code ..}), is encoded, or is not absolute never matches: a grant for
 * {@code /workspace/*} cannot be stretched to {@code /workspace/../etc/passwd}.
 */
public record Permission(String text, String action, String resourceGlob, Optional<String> argument,
    Optional<String> argumentGlob) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");
  private static final String DEFAULT_ARGUMENT = "path";

  /** The permission, or a message saying what is wrong with the text. */
  public sealed interface Parsed {}

  public record Valid(Permission permission) implements Parsed {}

  public record Invalid(String message) implements Parsed {}

  public static Parsed parse(String text) {
    if (text.length() > 512 || text.chars().anyMatch(Character::isISOControl)) {
      return new Invalid("a permission is at most 512 printable characters");
    }
    String[] parts = text.split(":", 3);
    if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      return new Invalid("a permission is action:resource[:argument], e.g. tools/call:read_file:/workspace/*; found '"
          + text + "'");
    }
    if (parts[0].contains("*")) {
      return new Invalid("the action of a permission is named exactly, found '" + parts[0] + "'");
    }
    if (parts.length == 2) {
      return new Valid(new Permission(text, parts[0], parts[1], Optional.empty(), Optional.empty()));
    }
    String argument = parts[2];
    int equals = argument.indexOf('=');
    String name = DEFAULT_ARGUMENT;
    String glob = argument;
    if (equals > 0 && NAME.matcher(argument.substring(0, equals)).matches()) {
      name = argument.substring(0, equals);
      glob = argument.substring(equals + 1);
    }
    if (glob.isEmpty()) {
      return new Invalid("the argument pattern of '" + text + "' is empty");
    }
    return new Valid(new Permission(text, parts[0], parts[1], Optional.of(name), Optional.of(glob)));
  }

  /** Whether a call of {@code action} on {@code resourceId} with these arguments is within this permission. */
  public boolean allows(String requestedAction, String resourceId, Json arguments) {
    if (!action.equals(requestedAction) || !Globs.matches(resourceGlob, resourceId)) {
      return false;
    }
    if (argument.isEmpty()) {
      return true;
    }
    if (!(arguments instanceof Json.JsonObject object)
        || !(object.members().get(argument.get()) instanceof Json.JsonString value)) {
      return false;
    }
    return comparable(value.value()).map(normalized -> Globs.matches(argumentGlob.get(), normalized)).orElse(false);
  }

  /** Whether everything this permission allows is also allowed by {@code wider}. */
  public boolean within(Permission wider) {
    if (!action.equals(wider.action) || !Globs.covers(wider.resourceGlob, resourceGlob)) {
      return false;
    }
    if (wider.argument.isEmpty()) {
      return true;
    }
    return argument.equals(wider.argument) && Globs.covers(wider.argumentGlob.get(), argumentGlob.get());
  }

  /**
   * The value as the glob sees it: paths (starting with {@code /}) normalized, anything that could
   * mean something other than it shows (percent-escapes, backslashes, {@code ..} left after
   * normalizing) refused.
   */
  private static Optional<String> comparable(String value) {
    if (value.indexOf('%') >= 0 || value.indexOf('\\') >= 0 || value.indexOf('\0') >= 0
        || !Normalizer.normalize(value, Normalizer.Form.NFKC).equals(value)) {
      return Optional.empty(); // escapes and look-alike characters (a fullwidth dot) could mean ".." elsewhere
    }
    if (!value.startsWith("/")) {
      return looksLikeUrl(value) ? Optional.of(value) : Optional.of(value).filter(v -> !v.contains(".."));
    }
    String normalized = Path.of(value).normalize().toString();
    return normalized.contains("..") ? Optional.empty() : Optional.of(normalized);
  }

  private static boolean looksLikeUrl(String value) {
    return value.startsWith("https://") || value.startsWith("http://");
  }
}
