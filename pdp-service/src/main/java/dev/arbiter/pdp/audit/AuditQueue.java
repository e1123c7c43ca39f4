package dev.arbiter.pdp.audit;

import dev.arbiter.pdp.audit.AuditConfig.Overflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between the threads that decide and the one that writes. When it is full,
 * {@link Overflow#DROP} refuses the item at once; {@link Overflow#BACKPRESSURE} parks it, in
 * order, and completes its {@link Entry#accepted} only when the writer has made room, so an answer
 * that waits for it waits without holding a thread. Thread-safe.
 */
final class AuditQueue<T> {
  private final int capacity;
  private final Overflow overflow;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition available = lock.newCondition();
  private final ArrayDeque<Entry<T>> queue = new ArrayDeque<>();
  private final ArrayDeque<Entry<T>> waiting = new ArrayDeque<>();
  private boolean closed;

  AuditQueue(int capacity, Overflow overflow) {
    if (capacity < 1) {
      throw new IllegalArgumentException("arbiter.audit.queue-size must be at least 1, found " + capacity);
    }
    this.capacity = capacity;
    this.overflow = overflow;
  }

  /**
   * An item and what its producer may wait for.
   *
   * @param accepted completes when the item is in the queue
   * @param persisted completes when the writer has persisted it, or fails if it could not
   */
  record Entry<T>(T item, CompletableFuture<Void> accepted, CompletableFuture<Void> persisted) {
    Entry(T item) {
      this(item, new CompletableFuture<>(), new CompletableFuture<>());
    }
  }

  /** Queues {@code item}, parks it (backpressure), or answers empty when it is dropped or the queue is closed. */
  Optional<Entry<T>> offer(T item) {
    return offer(item, true);
  }

  /**
   * As {@link #offer(Object)}; with {@code mayPark} false an item that finds the queue full is
   * dropped even under backpressure: for records nobody waits for, which would otherwise be parked
   * without bound.
   */
  Optional<Entry<T>> offer(T item, boolean mayPark) {
    Entry<T> entry = new Entry<>(item);
    lock.lock();
    try {
      if (closed) {
        return Optional.empty();
      }
      if (queue.size() < capacity && waiting.isEmpty()) {
        queue.add(entry);
        entry.accepted().complete(null);
        available.signal();
        return Optional.of(entry);
      }
      if (overflow == Overflow.BACKPRESSURE && mayPark) {
        waiting.add(entry);
        return Optional.of(entry);
      }
      return Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits up to {@code wait} for an item, then takes up to {@code max} in order and lets parked
   * items into the room they leave. Empty when nothing came.
   */
  List<Entry<T>> take(int max, Duration wait) throws InterruptedException {
    List<Entry<T>> batch = new ArrayList<>();
    List<Entry<T>> admitted = new ArrayList<>();
    lock.lock();
    try {
      long nanos = wait.toNanos();
      while (queue.isEmpty() && waiting.isEmpty() && !closed && nanos > 0) {
        nanos = available.awaitNanos(nanos);
      }
      admit(admitted);
      while (batch.size() < max && !queue.isEmpty()) {
        batch.add(queue.poll());
      }
      admit(admitted);
    } finally {
      lock.unlock();
    }
    // Outside the lock: completing runs the waiting answers' continuations.
    admitted.forEach(entry -> entry.accepted().complete(null));
    return batch;
  }

  private void admit(List<Entry<T>> admitted) {
    while (queue.size() < capacity && !waiting.isEmpty()) {
      Entry<T> entry = waiting.poll();
      queue.add(entry);
      admitted.add(entry);
    }
  }

  /** Items queued or parked. */
  int size() {
    lock.lock();
    try {
      return queue.size() + waiting.size();
    } finally {
      lock.unlock();
    }
  }

  /** Refuses new items; what is queued or parked can still be taken. */
  void close() {
    lock.lock();
    try {
      closed = true;
      available.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@link #close} was called. */
  boolean closed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /** Closed and drained. */
  boolean finished() {
    lock.lock();
    try {
      return closed && queue.isEmpty() && waiting.isEmpty();
    } finally {
      lock.unlock();
    }
  }
}
