package dev.arbiter.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The files under the repository's {@code policies/} directory, examples included, for tests. */
public final class ShippedPolicies {
  private ShippedPolicies() {}

  /** {@code policies/}, found through the property surefire sets. */
  public static Path directory() {
    String root = System.getProperty("arbiter.repository.root");
    if (root == null) {
      throw new IllegalStateException("system property arbiter.repository.root is not set; run the tests through Maven");
    }
    return Path.of(root, "policies");
  }

  /** Every regular file under {@code policies/} whose name ends with one of {@code suffixes}, sorted. */
  public static List<Path> files(String... suffixes) {
    try (Stream<Path> walk = Files.walk(directory())) {
      return walk
          .filter(Files::isRegularFile)
          .filter(path -> Stream.of(suffixes).anyMatch(path.toString()::endsWith))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
