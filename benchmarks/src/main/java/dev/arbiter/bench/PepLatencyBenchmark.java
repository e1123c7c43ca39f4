package dev.arbiter.bench;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.util.JsonFormat;
import dev.arbiter.bench.load.ServerProcess;
import dev.arbiter.pdp.api.v1.EvaluationRequest;
import dev.arbiter.pdp.api.v1.EvaluationResponse;
import dev.arbiter.pdp.api.v1.PdpGrpc;
import dev.arbiter.pep.AccessRequest;
import dev.arbiter.pep.Action;
import dev.arbiter.pep.CachePolicy;
import dev.arbiter.pep.Decision;
import dev.arbiter.pep.ObligationHandlers;
import dev.arbiter.pep.PdpClient;
import dev.arbiter.pep.PdpClientMetrics;
import dev.arbiter.pep.Resource;
import dev.arbiter.pep.Source;
import dev.arbiter.pep.Subject;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The latency an MCP tool call gains from its enforcement point: one {@link PdpClient#evaluate} of
 * a {@code tools/call} (bob reads a file in the sandbox: a permit with two obligations), answered
 * three ways,
 *
 * <ul>
 *   <li>{@code cacheHit}: from the client's decision cache (the answer was fetched once before);
 *   <li>{@code missGrpc}: the client's cache off, so every call asks the PDP over gRPC;
 *   <li>{@code missHttp}: the same over AuthZEN REST (HTTP/1.1 keep-alive on a socket the calling
 *       thread reads).
 * </ul>
 *
 * and, as the floor the enforcement point is measured against, the same request from bare clients
 * in the same run: {@code bareGrpc} (grpc-java's future stub with a prepared message) and {@code
 * bareHttp} (a prepared request written to a socket and the answer's bytes read back, nothing
 * decoded). What a miss costs above them is what pep-client adds.
 *
 * <p>The PDP is the packaged service ({@code pdp-service/target/quarkus-app/quarkus-run.jar}) with
 * the shipped {@code policies/}, started by the trial's setup as its own process on a free loopback
 * port, with its defaults (its own decision cache included) except a time to live of an hour, so
 * that the cached answer does not expire during the measurement, and warmed up by 60 s of calls from
 * eight threads before JMH's own warm-up. Each call is a whole decision as the
 * enforcement point sees it: the request encoded, sent and answered, the answer read and checked,
 * its obligations handed to their handlers, the metrics hook called. The teardown fails the trial if
 * any call was not a permit from the expected source, so that a fast failure cannot pass for a fast
 * decision.
 *
 * <p>Run it from the repository root (builds what is missing first):
 *
 * <pre>{@code
 * benchmarks/pep/run.sh                    # = java -jar benchmarks/target/benchmarks.jar PepLatencyBenchmark
 * benchmarks/pep/run.sh -f 1 -wi 2 -i 3    # shorter
 * }</pre>
 *
 * <p>Mode {@code sample}: {@code p0.50} and {@code p0.99} are the median and the 99th percentile of
 * single calls, in microseconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
public class PepLatencyBenchmark {
  private static final Path PDP_JAR = Path.of("pdp-service", "target", "quarkus-app", "quarkus-run.jar");
  private static final Path POLICIES = Path.of("policies");

  /** The obligations of the shipped bundle, all accepted: the handlers' own work is the application's. */
  private static final ObligationHandlers SHIPPED_OBLIGATIONS = ObligationHandlers.builder()
      .accept("audit").accept("mask").accept("rate_limit").accept("require_approval").build();

  private static final AccessRequest READ_IN_SANDBOX = AccessRequest.of(
          new Subject("identity", "bob", Map.of("roles", List.of("user"), "tenant", "acme", "clearance", 2,
              "scopes", List.of("files:read"))),
          Action.of("tools/call"),
          Resource.of("tool", "read_file"))
      .withContext(Map.of("arguments", Map.of("path", "/workspace/notes/today.md")));

  /** {@link #READ_IN_SANDBOX} as AuthZEN JSON, for the bare clients. */
  private static final String READ_IN_SANDBOX_JSON = """
      {"subject": {"type": "identity", "id": "bob", "properties": {"roles": ["user"], "tenant": "acme",
        "clearance": 2, "scopes": ["files:read"]}},
       "action": {"name": "tools/call"},
       "resource": {"type": "tool", "id": "read_file"},
       "context": {"arguments": {"path": "/workspace/notes/today.md"}}}""";

  private static final int WARMUP_THREADS = 8;

  private ServerProcess pdp;
  private PdpClient cached;
  private PdpClient grpc;
  private PdpClient http;
  private final Checks cachedChecks = new Checks(Source.CACHE);
  private final Checks grpcChecks = new Checks(Source.REMOTE);
  private final Checks httpChecks = new Checks(Source.REMOTE);
  private ManagedChannel bareChannel;
  private PdpGrpc.PdpFutureStub bareGrpcStub;
  private EvaluationRequest bareGrpcRequest;
  private BareHttp bareHttp;

  @Setup(Level.Trial)
  public void startPdpAndClients() throws Exception {
    if (!Files.exists(PDP_JAR)) {
      throw new IllegalStateException(PDP_JAR.toAbsolutePath() + " is missing: run from the repository root after"
          + " ./mvnw package -pl pdp-service -am (benchmarks/pep/run.sh does both)");
    }
    int port = ServerProcess.freePort();
    String java = ProcessHandle.current().info().command().orElse("java");
    pdp = ServerProcess.start("Arbiter", List.of(java, "-Dquarkus.http.port=" + port,
            "-Darbiter.policies.dir=" + POLICIES.toAbsolutePath(), "-Darbiter.decision.ttl=PT1H",
            "-jar", PDP_JAR.toString()),
        URI.create("http://127.0.0.1:" + port + "/q/health/ready"), Path.of("benchmarks", "target", "pep", "pdp.log"));
    cached = client("grpc://127.0.0.1:" + port, new CachePolicy(10_000, Duration.ofHours(1)), cachedChecks);
    grpc = client("grpc://127.0.0.1:" + port, CachePolicy.disabled(), grpcChecks);
    http = client("http://127.0.0.1:" + port, CachePolicy.disabled(), httpChecks);
    // the first answer fills the cache; the first calls connect
    for (PdpClient client : List.of(cached, grpc, http)) {
      Decision first = client.evaluate(READ_IN_SANDBOX);
      if (!first.permitted()) {
        throw new IllegalStateException("the benchmark's request must be permitted, found " + first);
      }
    }
    bareChannel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor().build();
    bareGrpcStub = PdpGrpc.newFutureStub(bareChannel);
    EvaluationRequest.Builder message = EvaluationRequest.newBuilder();
    JsonFormat.parser().merge(READ_IN_SANDBOX_JSON, message);
    bareGrpcRequest = message.build();
    bareHttp = new BareHttp(port, READ_IN_SANDBOX_JSON);
    if (!bareGrpc().getDecision() || !new String(bareHttp(), StandardCharsets.UTF_8).contains("\"decision\":true")) {
      throw new IllegalStateException("the bare clients' request must be permitted");
    }
    warmUpThePdp();
    List.of(cachedChecks, grpcChecks, httpChecks).forEach(Checks::reset);
  }

  /**
   * A fresh PDP runs interpreted at first, and JMH's warm-up iterations, one call at a time, would
   * take long to change that: so first some seconds of calls from several threads, over both
   * protocols, as the load benchmark does ({@code -Dbench.pdpWarmupSeconds}, default 60: after 20 s
   * its gRPC path was still visibly colder, p50 560 µs instead of 340 µs for the bare client).
   */
  private void warmUpThePdp() throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(Long.getLong("bench.pdpWarmupSeconds", 60)).toNanos();
    try (ExecutorService threads = Executors.newFixedThreadPool(WARMUP_THREADS)) {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < WARMUP_THREADS; i++) {
        PdpClient client = i % 2 == 0 ? grpc : http;
        running.add(threads.submit(() -> {
          while (System.nanoTime() - until < 0) {
            client.evaluate(READ_IN_SANDBOX);
          }
        }));
      }
      for (Future<?> thread : running) {
        thread.get();
      }
    }
  }

  private static PdpClient client(String address, CachePolicy cache, PdpClientMetrics checks) {
    // A deadline that the first calls, to a PDP and a client both cold, meet on a busy machine; the
    // measured calls take microseconds.
    return PdpClient.builder(address).cache(cache).obligationHandlers(SHIPPED_OBLIGATIONS).metrics(checks)
        .deadline(Duration.ofSeconds(10)).build();
  }

  @Benchmark
  public Decision cacheHit() {
    return cached.evaluate(READ_IN_SANDBOX);
  }

  @Benchmark
  public Decision missGrpc() {
    return grpc.evaluate(READ_IN_SANDBOX);
  }

  @Benchmark
  public Decision missHttp() {
    return http.evaluate(READ_IN_SANDBOX);
  }

  @Benchmark
  public EvaluationResponse bareGrpc() throws Exception {
    ListenableFuture<EvaluationResponse> answer = bareGrpcStub.evaluate(bareGrpcRequest);
    return answer.get();
  }

  @Benchmark
  public byte[] bareHttp() throws IOException {
    return bareHttp.post();
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    try {
      for (Checks checks : List.of(cachedChecks, grpcChecks, httpChecks)) {
        checks.verify();
      }
    } finally {
      for (PdpClient client : List.of(cached, grpc, http)) {
        client.close();
      }
      bareChannel.shutdownNow();
      bareHttp.close();
      pdp.close();
    }
  }

  /**
   * One keep-alive connection and one prepared {@code POST /access/v1/evaluation}: the least an HTTP
   * client can do. Reads the answer by its {@code Content-Length}, which the PDP always sends.
   */
  private static final class BareHttp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] request;

    BareHttp(int port, String json) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setTcpNoDelay(true);
      out = new BufferedOutputStream(socket.getOutputStream());
      in = new BufferedInputStream(socket.getInputStream());
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      byte[] head = ("POST /access/v1/evaluation HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
      request = new byte[head.length + body.length];
      System.arraycopy(head, 0, request, 0, head.length);
      System.arraycopy(body, 0, request, head.length, body.length);
    }

    byte[] post() throws IOException {
      out.write(request);
      out.flush();
      int length = -1;
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); ; c = in.read()) {
        if (c < 0) {
          throw new IOException("the PDP closed the connection");
        }
        if (c != '\n') {
          line.append((char) c);
          continue;
        }
        String header = line.toString().trim();
        line.setLength(0);
        if (header.isEmpty()) {
          break;
        }
        if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
          length = Integer.parseInt(header.substring(15).trim());
        }
      }
      if (length < 0) {
        throw new IOException("the PDP's answer has no Content-Length");
      }
      return in.readNBytes(length);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** Counts decisions that are not permits from the expected source. */
  private static final class Checks implements PdpClientMetrics {
    private final Source expected;
    private final LongAdder unexpected = new LongAdder();
    private volatile String example;

    Checks(Source expected) {
      this.expected = expected;
    }

    @Override
    public void onDecision(long latencyNanos, Source source, Decision decision) {
      if (source != expected || !decision.permitted()) {
        unexpected.increment();
        example = decision.toString();
      }
    }

    void reset() {
      unexpected.reset();
    }

    void verify() {
      if (unexpected.sum() > 0) {
        throw new IllegalStateException(unexpected.sum() + " decisions were not permits from " + expected
            + ", e.g. " + example);
      }
    }
  }
}
