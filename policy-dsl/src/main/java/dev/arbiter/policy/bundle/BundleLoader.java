package dev.arbiter.policy.bundle;

import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.diagnostic.DiagnosticCode;
import dev.arbiter.policy.diagnostic.SourceLocation;
import dev.arbiter.policy.diagnostic.SourceText;
import dev.arbiter.policy.json.JsonReader;
import dev.arbiter.policy.parse.PolicyParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds bundles under a path and reads their files. Stateless. */
public final class BundleLoader {
  /** The manifest that marks a directory as a bundle. */
  public static final String MANIFEST = "bundle.json";

  private BundleLoader() {}

  /**
   * The bundles at or under {@code path}: every directory with a {@value #MANIFEST}; {@code path}
   * itself when there is none; a lone {@code .pol} file as a bundle of one.
   */
  public static List<Path> discover(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    List<Path> roots;
    try (Stream<Path> walk = Files.walk(path)) {
      roots = walk
          .filter(p -> p.getFileName() != null && p.getFileName().toString().equals(MANIFEST))
          .filter(p -> !isHidden(path, p))
          .map(Path::getParent)
          .sorted()
          .toList();
    }
    return roots.isEmpty() ? List.of(path) : roots;
  }

  /** Reads the bundle rooted at {@code root}: a directory, or a single {@code .pol} file. */
  public static BundleSource load(Path root) throws IOException {
    List<SourceText> policies = new ArrayList<>();
    List<SourceText> tests = new ArrayList<>();
    List<SourceText> data = new ArrayList<>();
    List<Diagnostic> problems = new ArrayList<>();
    Optional<SourceText> manifest = Optional.empty();
    if (!Files.isDirectory(root)) {
      read(root, PolicyParser.MAX_INPUT_CHARS, problems).ifPresent(text -> {
        if (root.toString().endsWith(".poltest")) {
          tests.add(text);
        } else {
          policies.add(text);
        }
      });
      return new BundleSource(root.toString(), manifest, policies, tests, data, problems);
    }
    for (Path file : files(root)) {
      String name = file.getFileName().toString();
      if (name.endsWith(".pol")) {
        read(file, PolicyParser.MAX_INPUT_CHARS, problems).ifPresent(policies::add);
      } else if (name.endsWith(".poltest")) {
        read(file, PolicyParser.MAX_INPUT_CHARS, problems).ifPresent(tests::add);
      } else if (name.equals(MANIFEST) && file.getParent().equals(root)) {
        manifest = read(file, 1 << 16, problems);
      } else if (name.endsWith(".json")) {
        read(file, JsonReader.Limits.DATA.maxDocumentLength(), problems).ifPresent(data::add);
      }
    }
    return new BundleSource(root.toString(), manifest, policies, tests, data, problems);
  }

  /**
   * Every {@code .pol} and {@code .poltest} file at or under {@code path}, sorted, nested bundles
   * included, leaving out hidden entries and build output.
   */
  public static List<Path> sourceFiles(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk
          .filter(Files::isRegularFile)
          .filter(p -> !isHidden(path, p))
          .filter(p -> p.toString().endsWith(".pol") || p.toString().endsWith(".poltest"))
          .sorted()
          .toList();
    }
  }

  /** The bundle's files, sorted, leaving out hidden entries and nested bundles. */
  private static List<Path> files(Path root) throws IOException {
    List<Path> nested;
    try (Stream<Path> walk = Files.walk(root)) {
      nested = walk
          .filter(p -> p.getFileName() != null && p.getFileName().toString().equals(MANIFEST))
          .map(Path::getParent)
          .filter(dir -> !dir.equals(root))
          .toList();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk
          .filter(Files::isRegularFile)
          .filter(p -> !isHidden(root, p))
          .filter(p -> nested.stream().noneMatch(p::startsWith))
          .sorted()
          .toList();
    }
  }

  private static boolean isHidden(Path root, Path file) {
    for (Path part : root.relativize(file)) {
      String name = part.toString();
      if (name.startsWith(".") || name.equals("target") || name.equals("node_modules")) {
        return true;
      }
    }
    return false;
  }

  private static Optional<SourceText> read(Path file, long maxBytes, List<Diagnostic> problems) throws IOException {
    String path = file.toString();
    long size = Files.size(file);
    if (size > maxBytes) {
      problems.add(Diagnostic.of(DiagnosticCode.INPUT_TOO_LARGE, SourceLocation.ofFile(path),
          "file is " + size + " bytes; the limit is " + maxBytes + " bytes (split it into several files)"));
      return Optional.empty();
    }
    byte[] bytes = Files.readAllBytes(file);
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      return Optional.of(new SourceText(path, text));
    } catch (CharacterCodingException e) {
      problems.add(Diagnostic.of(DiagnosticCode.UNREADABLE_FILE, SourceLocation.ofFile(path),
          "file is not valid UTF-8; save it as UTF-8"));
      return Optional.empty();
    }
  }
}
