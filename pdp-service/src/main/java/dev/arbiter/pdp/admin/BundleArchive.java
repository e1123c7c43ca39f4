package dev.arbiter.pdp.admin;

import dev.arbiter.pdp.store.BundleFiles;
import dev.arbiter.policy.bundle.BundleLoader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * A bundle uploaded as a zip archive: its files by path, UTF-8 text. A zip of the bundle's directory
 * (every entry under one folder that holds {@code bundle.json}) counts as a zip of its contents.
 * Unpacked size is bounded, so a small archive cannot unpack into a large one.
 */
final class BundleArchive {
  /** Most bytes the entries may unpack to, together. */
  static final long MAX_UNPACKED = 8L << 20;

  private BundleArchive() {}

  static BundleFiles.Parsed read(byte[] archive) {
    Map<String, String> files = new LinkedHashMap<>();
    long unpacked = 0;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive), StandardCharsets.UTF_8)) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        if (entry.isDirectory()) {
          continue;
        }
        if (files.size() >= BundleFiles.MAX_FILES) {
          return new BundleFiles.Refused("a bundle has at most " + BundleFiles.MAX_FILES + " files");
        }
        byte[] bytes = readAtMost(zip, MAX_UNPACKED - unpacked);
        if (bytes == null) {
          return new BundleFiles.Refused("the archive unpacks to more than " + (MAX_UNPACKED >> 20) + " MiB");
        }
        unpacked += bytes.length;
        try {
          files.put(entry.getName(), StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
          return new BundleFiles.Refused("`" + entry.getName() + "` is not UTF-8 text");
        }
      }
    } catch (ZipException e) {
      return new BundleFiles.Refused("the body is not a zip archive: " + e.getMessage());
    } catch (IOException e) {
      return new BundleFiles.Refused("cannot read the archive: " + e.getMessage());
    }
    if (files.isEmpty()) {
      return new BundleFiles.Refused("the body is not a zip archive with files");
    }
    return BundleFiles.of(withoutBundleFolder(files));
  }

  /** {@code hello/bundle.json, hello/a.pol} becomes {@code bundle.json, a.pol}. */
  private static Map<String, String> withoutBundleFolder(Map<String, String> files) {
    String first = files.keySet().iterator().next();
    int slash = first.indexOf('/');
    if (slash <= 0) {
      return files;
    }
    String folder = first.substring(0, slash + 1);
    if (!files.containsKey(folder + BundleLoader.MANIFEST)
        || !files.keySet().stream().allMatch(path -> path.startsWith(folder))) {
      return files;
    }
    Map<String, String> inner = new LinkedHashMap<>();
    files.forEach((path, text) -> inner.put(path.substring(folder.length()), text));
    return inner;
  }

  /** The rest of the entry, or null if it is longer than {@code limit}. */
  private static byte[] readAtMost(InputStream in, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int read;
    while ((read = in.read(buffer)) != -1) {
      if (out.size() + (long) read > limit) {
        return null;
      }
      out.write(buffer, 0, read);
    }
    return out.toByteArray();
  }
}
