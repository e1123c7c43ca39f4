package dev.arbiter.pdp.bundle;

import dev.arbiter.policy.bundle.BundleLoader;
import dev.arbiter.policy.bundle.BundleSource;
import dev.arbiter.policy.cache.BundleCache;
import dev.arbiter.policy.diagnostic.Diagnostic;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The embedded default store: a bundle directory on disk, watched for changes. A change is
 * compiled and checked in the background; only a bundle without errors replaces the active one,
 * atomically. A broken change leaves the last good revision serving, is logged, and shows on the
 * admin status endpoint. A periodic rescan catches changes the file system did not report.
 *
 * <p>Read-only as far as the service is concerned: the files are the source of truth. Only created
 * (and so only watching) when {@code arbiter.store=file}; the store selection hands it out as the
 * {@link BundleStore}.
 */
@Singleton
@Typed(FileBundleStore.class)
public class FileBundleStore extends ServingStore {
  private static final Logger LOG = Logger.getLogger(FileBundleStore.class);

  private final Path directory;
  private final Duration debounce;
  private final Duration rescan;
  private final Clock clock;
  private final BundleCache compiler = new BundleCache(4);
  private final Object reloading = new Object();
  private String lastSeenRevision = "";
  private ScheduledExecutorService scheduler;
  private WatchService watcher;

  FileBundleStore(
      @ConfigProperty(name = "arbiter.policies.dir", defaultValue = "policies") Path directory,
      @ConfigProperty(name = "arbiter.policies.debounce", defaultValue = "PT0.2S") Duration debounce,
      @ConfigProperty(name = "arbiter.policies.rescan", defaultValue = "PT5S") Duration rescan,
      MeterRegistry registry) {
    super(directory.toAbsolutePath().normalize().toString(), registry);
    this.directory = directory.toAbsolutePath().normalize();
    this.debounce = debounce;
    this.rescan = rescan;
    this.clock = Clock.systemUTC();
  }

  @PostConstruct
  void start() {
    reload();
    scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "arbiter-bundle-watcher");
      thread.setDaemon(true);
      return thread;
    });
    scheduler.scheduleWithFixedDelay(this::reload, rescan.toMillis(), rescan.toMillis(), TimeUnit.MILLISECONDS);
    Thread.ofPlatform().daemon().name("arbiter-bundle-events").start(this::watch);
  }

  @PreDestroy
  void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    try {
      if (watcher != null) {
        watcher.close();
      }
    } catch (IOException e) {
      LOG.debug("closing the watcher", e);
    }
    close();
  }

  /** Compiles the directory if its files changed, and activates the result if it has no errors. */
  public void reload() {
    synchronized (reloading) {
      try {
        BundleSource source = BundleLoader.load(directory);
        String revision = source.revision();
        if (revision.equals(lastSeenRevision)) {
          return;
        }
        lastSeenRevision = revision;
        Instant now = clock.instant();
        switch (compiler.compile(source)) {
          case BundleCache.Compiled compiled -> {
            ActiveRevision next = new ActiveRevision(compiled.bundle(), now);
            serve(next, now);
            LOG.infof("activated bundle %s revision %s from %s", next.bundle().name(), next.revision(), directory);
          }
          case BundleCache.Failed failed -> refused(now, failed.result().errors().stream().map(Diagnostic::toString).toList());
        }
      } catch (IOException | RuntimeException e) {
        refused(clock.instant(), List.of(directory + ": " + describe(e)));
      }
    }
  }

  private void refused(Instant now, List<String> problems) {
    refuse(now, problems);
    LOG.errorf("refused a change to %s; %s%n%s", directory, active()
        .map(current -> "revision " + current.revision() + " stays active").orElse("no revision is active"),
        String.join("\n", problems));
  }

  private static String describe(Exception e) {
    return e instanceof IOException io ? "cannot read: " + io.getMessage() : "cannot load the bundle";
  }

  /** Reacts to file-system events, waiting a moment so a burst of writes compiles once. */
  private void watch() {
    try {
      watcher = FileSystems.getDefault().newWatchService();
      registerTree();
      while (true) {
        WatchKey key = watcher.take();
        key.pollEvents();
        key.reset();
        Thread.sleep(debounce.toMillis());
        WatchKey more;
        while ((more = watcher.poll()) != null) {
          more.pollEvents();
          more.reset();
        }
        registerTree();
        reload();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.warnf("cannot watch %s (%s); changes are picked up every %s", directory, e.getMessage(), rescan);
    }
  }

  /** Registers every directory of the bundle, new ones included; registering twice is harmless. */
  private void registerTree() throws IOException {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path dir : walk.filter(Files::isDirectory).toList()) {
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
            StandardWatchEventKinds.ENTRY_MODIFY);
      }
    }
  }
}
