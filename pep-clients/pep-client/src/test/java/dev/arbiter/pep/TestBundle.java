package dev.arbiter.pep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The test bundle ({@code src/test/resources/bundles/pep}): fresh copies that a test may edit, the
 * obligations its permits carry, and its requests.
 */
final class TestBundle {
  private static final Path SOURCE = Path.of("src", "test", "resources", "bundles", "pep");

  /** Every obligation the bundle's permits carry, understood. */
  static final ObligationHandlers OBLIGATIONS = ObligationHandlers.builder()
      .accept("log").accept("watermark").accept("countersign").build();

  /** Ana, with {@code role}, takes {@code action} on {@code document}. */
  static AccessRequest request(String role, String action, String document) {
    return AccessRequest.of(new Subject("user", "ana", java.util.Map.of("role", role)), Action.of(action),
        Resource.of("document", document));
  }

  private TestBundle() {}

  static Path copyTo(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(SOURCE)) {
      files.forEach(file -> {
        try {
          Files.copy(file, directory.resolve(file.getFileName()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    return directory;
  }

  /** Replaces {@code from} with {@code to} in the bundle's policy file. */
  static void rewritePolicy(Path bundle, String from, String to) throws IOException {
    Path policy = bundle.resolve("documents.pol");
    String text = Files.readString(policy);
    if (!text.contains(from)) {
      throw new IllegalArgumentException("the policy does not contain " + from);
    }
    Files.writeString(policy, text.replace(from, to));
  }
}
