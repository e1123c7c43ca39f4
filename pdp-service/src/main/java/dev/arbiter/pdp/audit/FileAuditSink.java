package dev.arbiter.pdp.audit;

import dev.arbiter.audit.AuditChain;
import dev.arbiter.audit.AuditColumns;
import dev.arbiter.audit.AuditFile;
import dev.arbiter.audit.ChainHead;
import dev.arbiter.audit.ChainedRecord;
import dev.arbiter.audit.StoredLine;
import dev.arbiter.policy.json.Json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The chain as one JSON-lines file ({@code arbiter.audit.file}), appended to by batches: a batch is
 * written with one write and synced with {@code fdatasync} ({@link FileChannel#force force(false)})
 * before its records count as persisted. At start a torn last line, left by a crash in the middle
 * of a write, is cut off. The file is locked, so a second service cannot interleave its own chain.
 */
final class FileAuditSink implements AuditSink {
  private static final Logger LOG = Logger.getLogger(FileAuditSink.class);

  /** A page reads at most this much of the file, then ends with a token to continue. */
  static final long SCAN_BYTES_PER_PAGE = 16L << 20;

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private volatile ChainHead head;
  private volatile long size;

  private FileAuditSink(Path file, FileChannel channel, FileLock lock, AuditFile.Recovery recovery) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.head = recovery.head();
    this.size = recovery.size();
  }

  /** Opens or creates the file and readies it for appending. */
  static FileAuditSink open(Path path) throws IOException {
    Path file = path.toAbsolutePath().normalize();
    Path directory = file.getParent();
    Files.createDirectories(directory);
    boolean created = !Files.exists(file);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new IOException(file + " is being written by another process; give each service its own"
            + " arbiter.audit.file");
      }
      if (created) {
        syncDirectory(directory);
      }
      AuditFile.Recovery recovery = AuditFile.recover(channel, file);
      if (recovery.tornBytes() > 0) {
        LOG.warnf("%s: removed an incomplete last line of %d bytes, a write cut short by a crash; it was never"
            + " persisted", file, recovery.tornBytes());
      }
      return new FileAuditSink(file, channel, lock, recovery);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The new file's name must survive a crash too. */
  private static void syncDirectory(Path directory) {
    try (FileChannel handle = FileChannel.open(directory, StandardOpenOption.READ)) {
      handle.force(true);
    } catch (IOException e) {
      // Some file systems cannot sync a directory; the records themselves are still synced.
      LOG.debugf("cannot sync directory %s: %s", directory, e.getMessage());
    }
  }

  @Override
  public void append(List<JsonObject> records) throws IOException {
    ChainHead next = head;
    ByteArrayOutputStream lines = new ByteArrayOutputStream(records.size() * 1024);
    for (JsonObject record : records) {
      ChainedRecord chained = AuditChain.append(next, record);
      lines.writeBytes(chained.line());
      next = chained.head();
    }
    ByteBuffer buffer = ByteBuffer.wrap(lines.toByteArray());
    long position = size;
    try {
      while (buffer.hasRemaining()) {
        position += channel.write(buffer, position);
      }
      channel.force(false);
    } catch (IOException e) {
      // Whatever part of the batch reached the file is not persisted: cut it, so a retry links to the same head.
      try {
        channel.truncate(size);
      } catch (IOException cannotCut) {
        e.addSuppressed(cannotCut);
      }
      throw e;
    }
    size = position;
    head = next;
  }

  @Override
  public ChainHead head() {
    return head;
  }

  @Override
  public AuditQuery.Page query(AuditQuery query) throws IOException, AuditQuery.StaleToken {
    ChainHead current = head;
    long end = size;
    long start = query.after().map(AuditQuery.PageToken::offset).orElse(0L);
    if (start > end) {
      throw new AuditQuery.StaleToken();
    }
    List<String> records = new ArrayList<>();
    long lastSeq = query.after().map(AuditQuery.PageToken::afterSeq).orElse(0L);
    try (AuditFile.Lines lines = AuditFile.Lines.open(file, start, end)) {
      while (records.size() < query.limit() && lines.offset() - start < SCAN_BYTES_PER_PAGE) {
        Optional<AuditFile.Line> line = lines.next();
        if (line.isEmpty()) {
          break;
        }
        Optional<AuditColumns> columns = StoredLine.split(line.get().bytes())
            .flatMap(StoredLine::record).flatMap(AuditColumns::of);
        if (columns.isEmpty()) {
          LOG.warnf("%s: the line at byte %d is not an audit record; run `arbiter audit verify`", file,
              line.get().offset());
          continue;
        }
        if (lines.count() == 1 && query.after().isPresent() && columns.get().seq() != lastSeq + 1) {
          throw new AuditQuery.StaleToken();
        }
        lastSeq = columns.get().seq();
        if (query.filter().matches(columns.get())) {
          records.add(new String(line.get().bytes(), StandardCharsets.UTF_8));
        }
      }
      Optional<AuditQuery.PageToken> next = lines.offset() < end
          ? Optional.of(new AuditQuery.PageToken(lastSeq, lines.offset()))
          : Optional.empty();
      return new AuditQuery.Page(records, next, current);
    }
  }

  @Override
  public String describe() {
    return file.toString();
  }

  @Override
  public void close() throws IOException {
    if (channel.isOpen()) {
      try {
        lock.release();
      } finally {
        channel.close();
      }
    }
  }
}
