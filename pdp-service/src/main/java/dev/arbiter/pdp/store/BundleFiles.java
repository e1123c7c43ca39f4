package dev.arbiter.pdp.store;

import dev.arbiter.policy.bundle.BundleLoader;
import dev.arbiter.policy.bundle.BundleSource;
import dev.arbiter.policy.diagnostic.SourceText;
import dev.arbiter.policy.json.JsonReader;
import dev.arbiter.policy.parse.PolicyParser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The files of one bundle revision by their path in the bundle: {@code bundle.json} (the manifest,
 * at the top), {@code .pol} policies, {@code .poltest} tests and {@code .json} data files. Paths are
 * relative, use {@code /}, and have no {@code .} or {@code ..} parts and no hidden parts. Immutable.
 */
public record BundleFiles(SortedMap<String, String> files) {
  /** Most files in one bundle. */
  public static final int MAX_FILES = 1000;

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@+=-]*");
  private static final int MAX_PATH_LENGTH = 255;

  public BundleFiles {
    files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
  }

  /** The files, or why they are not a bundle. */
  public sealed interface Parsed {}

  public record Valid(BundleFiles files) implements Parsed {}

  public record Refused(String message) implements Parsed {}

  /** Checks the paths and sizes of an upload; what is in the files is the checker's business. */
  public static Parsed of(Map<String, String> files) {
    if (files.isEmpty()) {
      return new Refused("a bundle has at least one file");
    }
    if (files.size() > MAX_FILES) {
      return new Refused("a bundle has at most " + MAX_FILES + " files, found " + files.size());
    }
    for (Map.Entry<String, String> file : files.entrySet()) {
      Optional<String> problem = pathProblem(file.getKey()).or(() -> sizeProblem(file.getKey(), file.getValue()));
      if (problem.isPresent()) {
        return new Refused(problem.get());
      }
    }
    return new Valid(new BundleFiles(new TreeMap<>(files)));
  }

  private static Optional<String> pathProblem(String path) {
    if (path.isEmpty() || path.length() > MAX_PATH_LENGTH) {
      return Optional.of("a file path has 1 to " + MAX_PATH_LENGTH + " characters");
    }
    for (String segment : path.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches()) {
        return Optional.of("`" + printable(path) + "` is not a bundle path: relative, parts separated by `/`, each of"
            + " letters, digits and `_.@+=-`, none empty, hidden, `.` or `..`");
      }
    }
    if (path.endsWith("/" + BundleLoader.MANIFEST)) {
      return Optional.of("`" + path + "` is the manifest of another bundle; upload each bundle on its own");
    }
    if (kind(path).isEmpty()) {
      return Optional.of("`" + path + "`: a bundle holds `bundle.json`, `.pol`, `.poltest` and `.json` files");
    }
    return Optional.empty();
  }

  private static Optional<String> sizeProblem(String path, String content) {
    long limit = path.endsWith(".json") ? JsonReader.Limits.DATA.maxDocumentLength() : PolicyParser.MAX_INPUT_CHARS;
    return content.length() > limit
        ? Optional.of("`" + path + "` has " + content.length() + " characters; the limit is " + limit)
        : Optional.empty();
  }

  /** {@code manifest}, {@code policy}, {@code test} or {@code data}: how the loader treats a path. */
  static Optional<String> kind(String path) {
    if (path.equals(BundleLoader.MANIFEST)) {
      return Optional.of("manifest");
    } else if (path.endsWith(".pol")) {
      return Optional.of("policy");
    } else if (path.endsWith(".poltest")) {
      return Optional.of("test");
    } else if (path.endsWith(".json")) {
      return Optional.of("data");
    }
    return Optional.empty();
  }

  /** The files as the checker reads them; paths in diagnostics are the bundle paths. */
  public BundleSource source() {
    List<SourceText> policies = new ArrayList<>();
    List<SourceText> tests = new ArrayList<>();
    List<SourceText> data = new ArrayList<>();
    Optional<SourceText> manifest = Optional.empty();
    for (Map.Entry<String, String> file : files.entrySet()) {
      SourceText text = new SourceText(file.getKey(), file.getValue());
      switch (kind(file.getKey()).orElseThrow()) {
        case "manifest" -> manifest = Optional.of(text);
        case "policy" -> policies.add(text);
        case "test" -> tests.add(text);
        default -> data.add(text);
      }
    }
    return new BundleSource("bundle", manifest, policies, tests, data, List.of());
  }

  /**
   * SHA-256 over every path and text in path order, as hex: the same digest whose first twelve
   * digits are {@link BundleSource#revision()}.
   */
  public String contentHash() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      files.forEach((path, text) -> {
        digest.update(path.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      });
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static String printable(String text) {
    String shown = text.length() > 100 ? text.substring(0, 100) + "…" : text;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }
}
