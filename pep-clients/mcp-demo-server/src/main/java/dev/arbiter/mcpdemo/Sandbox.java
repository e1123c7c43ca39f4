package dev.arbiter.mcpdemo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The file tools' world: paths as the policies see them, under {@code /workspace}, stored in a
 * directory of this machine. The tools check again what the policy already checked (defense in
 * depth): a path that leaves {@code /workspace} after normalization, is not absolute, or reaches
 * through a symbolic link out of the directory is refused here too.
 */
final class Sandbox {
  static final String ROOT = "/workspace";

  private final Path directory;

  Sandbox(Path directory) throws IOException {
    this.directory = directory.toRealPath();
  }

  /** The file behind {@code path}, a path under {@code /workspace}. */
  Path resolve(String path) throws IOException {
    if (path == null || !path.startsWith(ROOT + "/") || path.indexOf('\0') >= 0 || path.contains("\\")
        || path.contains("%")) {
      throw new IOException("`" + path + "` is not a plain path under " + ROOT);
    }
    Path file = directory.resolve(path.substring(ROOT.length() + 1)).normalize();
    if (!file.startsWith(directory)) {
      throw new IOException("`" + path + "` leaves " + ROOT);
    }
    Path existing = file;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing != null && !existing.toRealPath().startsWith(directory)) {
      throw new IOException("`" + path + "` leaves " + ROOT + " through a link");
    }
    return file;
  }
}
