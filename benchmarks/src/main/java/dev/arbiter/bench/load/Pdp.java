package dev.arbiter.bench.load;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/** The two servers under test, each started on free loopback ports with its own defaults. */
enum Pdp {
  /**
   * {@code pdp-service}'s Quarkus jar serving {@code policies/}: REST and gRPC on one port, no caller
   * authentication, default JVM options. Its decision cache is off: the benchmark sends a few calls
   * over and over, which the cache would answer without deciding, and Cerbos has no such cache. Its
   * audit trail is off, as Cerbos' is in {@code benchmarks/load/cerbos/config.yaml}.
   */
  ARBITER("Arbiter") {
    @Override
    Running start(LoadSettings settings) throws IOException, InterruptedException {
      int port = ServerProcess.freePort();
      List<String> command = List.of(settings.java().toString(),
          "-Dquarkus.http.port=" + port,
          "-Darbiter.policies.dir=" + settings.bundle(),
          "-Darbiter.decision.cache.size=0",
          "-Darbiter.audit.enabled=false",
          "-jar", settings.arbiterJar().toString());
      ServerProcess process = ServerProcess.start(label(), command,
          URI.create("http://127.0.0.1:" + port + "/q/health/ready"), settings.logs().resolve("arbiter.log"));
      return new Running(this, process, port, port);
    }
  },

  /**
   * The Cerbos binary with {@code benchmarks/load/cerbos/config.yaml}, serving the policies beside it.
   * Its log level is {@code warn}: at {@code info} it writes a line per request, which Arbiter does not.
   */
  CERBOS("Cerbos") {
    @Override
    Running start(LoadSettings settings) throws IOException, InterruptedException {
      int httpPort = ServerProcess.freePort();
      int grpcPort = ServerProcess.freePort();
      List<String> command = List.of(settings.cerbos().toString(), "server", "--log-level=warn",
          "--config=" + settings.cerbosConfig().resolve("config.yaml"),
          "--set=server.httpListenAddr=127.0.0.1:" + httpPort,
          "--set=server.grpcListenAddr=127.0.0.1:" + grpcPort,
          "--set=storage.disk.directory=" + settings.cerbosConfig().resolve("policies"));
      ServerProcess process = ServerProcess.start(label(), command,
          URI.create("http://127.0.0.1:" + httpPort + "/_cerbos/health"), settings.logs().resolve("cerbos.log"));
      return new Running(this, process, httpPort, grpcPort);
    }
  };

  private final String label;

  Pdp(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  /** Starts the server and returns once it answers its health check. */
  abstract Running start(LoadSettings settings) throws IOException, InterruptedException;

  /** A started server and where it listens. */
  record Running(Pdp pdp, ServerProcess process, int httpPort, int grpcPort) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      process.close();
    }
  }
}
