package dev.arbiter.audit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A chain kept as JSON lines, one {@linkplain ChainedRecord#line() record line} after another.
 *
 * <p>A line is written whole, then the file is synced; a crash can still cut the last line short.
 * The bytes after the last newline are therefore a <em>torn tail</em>: never persisted, not part of
 * the chain, ignored by {@link #verify} (which reports their length) and cut off by {@link
 * #recover} before anything is appended again.
 */
public final class AuditFile {
  /** Longer lines are not records the service writes (requests are at most 1 MiB). */
  static final int MAX_LINE = 64 << 20;

  private AuditFile() {}

  /** Verifies the whole file. */
  public static Verification verify(Path file) throws IOException {
    ChainVerifier verifier = new ChainVerifier();
    try (Lines lines = Lines.open(file, 0, Long.MAX_VALUE)) {
      for (Optional<Line> line = lines.next(); line.isPresent(); line = lines.next()) {
        Optional<Break> broken = line.get().bytes().length > MAX_LINE
            ? Optional.of(Break.unreadable(lines.count(), "it is longer than any record"))
            : verifier.line(line.get().bytes());
        if (broken.isPresent()) {
          return new Verification.Broken(broken.get());
        }
      }
      return new Verification.Intact(verifier.head(), lines.tornBytes());
    }
  }

  /**
   * Makes an open file ready for appending: cuts off a torn tail and reads the head from the last
   * complete line, trusting it (verifying is {@link #verify}'s job).
   *
   * @throws IOException when the file cannot be read, or its last line is not a record
   */
  public static Recovery recover(FileChannel channel, Path file) throws IOException {
    long size = channel.size();
    long end = lastNewline(channel, size) + 1;
    long torn = size - end;
    if (torn > 0) {
      channel.truncate(end);
      channel.force(true);
    }
    if (end == 0) {
      return new Recovery(ChainHead.GENESIS, 0, torn);
    }
    long start = lastNewline(channel, end - 1) + 1;
    if (end - 1 - start > MAX_LINE) {
      throw new IOException(file + ": its last line is not an audit record; run `arbiter audit verify " + file + "`");
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) (end - 1 - start));
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, start + buffer.position()) < 0) {
        throw new IOException(file + " shrank while it was being read");
      }
    }
    Optional<ChainHead> head = StoredLine.split(buffer.array())
        .flatMap(line -> line.record().flatMap(AuditColumns::of).map(columns -> new ChainHead(columns.seq(),
            line.hash())));
    if (head.isEmpty()) {
      throw new IOException(file + ": its last line is not an audit record; run `arbiter audit verify " + file + "`");
    }
    return new Recovery(head.get(), end, torn);
  }

  /**
   * What {@link #recover} found.
   *
   * @param head the chain's last record
   * @param size the file's size once the torn tail is gone
   * @param tornBytes how many bytes were cut off
   */
  public record Recovery(ChainHead head, long size, long tornBytes) {}

  /** The offset of the last newline before {@code end}, or -1. */
  private static long lastNewline(FileChannel channel, long end) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    long position = end;
    while (position > 0) {
      int length = (int) Math.min(buffer.capacity(), position);
      position -= length;
      buffer.clear().limit(length);
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, position + buffer.position()) < 0) {
          throw new IOException("the audit file shrank while it was being read");
        }
      }
      for (int i = length - 1; i >= 0; i--) {
        if (buffer.get(i) == '\n') {
          return position + i;
        }
      }
    }
    return -1;
  }

  /** One complete line: where it starts and its bytes without the newline. */
  public record Line(long offset, byte[] bytes) {}

  /** Reads complete lines from an offset up to a limit; what follows the last newline is the torn tail. */
  public static final class Lines implements Closeable {
    private final InputStream in;
    private final long limit;
    private long offset;
    private long count;
    private long tornBytes;

    private Lines(InputStream in, long offset, long limit) {
      this.in = in;
      this.offset = offset;
      this.limit = limit;
    }

    /** Lines of {@code file} from byte {@code offset} (a line's start) up to byte {@code limit}. */
    public static Lines open(Path file, long offset, long limit) throws IOException {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      channel.position(offset);
      return new Lines(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16), offset, limit);
    }

    /** The next complete line, or empty at the end. */
    public Optional<Line> next() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream(512);
      long start = offset;
      while (offset < limit) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        offset++;
        if (b == '\n') {
          count++;
          return Optional.of(new Line(start, line.toByteArray()));
        }
        if (line.size() <= MAX_LINE) {
          line.write(b);
        }
      }
      tornBytes = offset - start;
      return Optional.empty();
    }

    /** Complete lines read so far. */
    public long count() {
      return count;
    }

    /** Where the next line starts. */
    public long offset() {
      return offset;
    }

    /** Bytes after the last newline, once {@link #next} has reached the end. */
    public long tornBytes() {
      return tornBytes;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
