package dev.arbiter.pdp;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Serves a fresh copy of {@code policies/examples/hello} from {@link #DIRECTORY}, which tests may
 * change to exercise hot reload.
 */
public class WritableBundle implements QuarkusTestProfile {
  public static final Path DIRECTORY = Path.of("target", "writable-bundle").toAbsolutePath();
  public static final Path POLICY = DIRECTORY.resolve("hello.pol");

  @Override
  public Map<String, String> getConfigOverrides() {
    reset();
    return Map.of("arbiter.policies.dir", DIRECTORY.toString(),
        "arbiter.policies.debounce", "PT0.1S",
        "arbiter.policies.rescan", "PT1S");
  }

  /** Puts the original example back. */
  public static void reset() {
    Path source = Path.of("..", "policies", "examples", "hello");
    try {
      if (Files.exists(DIRECTORY)) {
        try (Stream<Path> walk = Files.walk(DIRECTORY)) {
          for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(path);
          }
        }
      }
      Files.createDirectories(DIRECTORY);
      try (Stream<Path> files = Files.list(source)) {
        for (Path file : files.toList()) {
          Files.copy(file, DIRECTORY.resolve(file.getFileName()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
