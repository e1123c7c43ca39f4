package dev.arbiter.bench.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PDP server started as a child process, its output in a log file, stopped on {@link #close} or,
 * should the runner be stopped first, when the runner's JVM exits. Also starts the PDP of {@link
 * dev.arbiter.bench.PepLatencyBenchmark}.
 */
public final class ServerProcess implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(90);

  private final String name;
  private final Process process;
  private final Path log;
  private final Thread stopOnExit;

  private ServerProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.stopOnExit = new Thread(process::destroy, "stop " + name);
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /** Runs {@code command} and waits until {@code ready} answers 200; fails with the log's end otherwise. */
  public static ServerProcess start(String name, List<String> command, URI ready, Path log)
      throws IOException, InterruptedException {
    Files.createDirectories(log.getParent());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ServerProcess server = new ServerProcess(name, process, log);
    try {
      server.awaitReady(ready);
    } catch (IOException | InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  long pid() {
    return process.pid();
  }

  /** A TCP port nobody listens on right now, on loopback. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void awaitReady(URI ready) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
      HttpRequest probe = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).GET().build();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(name + " exited with " + process.exitValue() + "; " + tail());
        }
        try {
          if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException(name + " was not ready at " + ready + " after " + STARTUP.toSeconds() + " s; "
        + tail());
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return "the end of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  @Override
  public void close() throws InterruptedException {
    Runtime.getRuntime().removeShutdownHook(stopOnExit);
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
