package dev.arbiter.cli;

import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code arbiter baseline}: fetches {@code GET /admin/v1/baseline} from a running PDP, prints one
 * line per item and the score, and exits 1 when an item fails (or warns, with {@code --fail-on
 * warn}), for CI.
 */
@Command(
    name = "baseline",
    description = {
      "Check a running PDP's configuration against the security baseline: TLS, authentication, admin roles,"
          + " audit and masking, the tool catalog, grant lifetimes, rate limits, known secrets, request signing"
          + " and security events. Prints one line per item and the score.",
      "Needs the role policy-admin or auditor.",
      "Exit status: 0 no item fails, 1 an item fails (or warns, with --fail-on warn), 2 a usage or connection"
          + " problem."
    })
final class BaselineCommand implements Callable<Integer> {
  static final String ENDPOINT = "/admin/v1/baseline";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
  private static final JsonReader READER = new JsonReader(JsonReader.Limits.DATA);

  /** The least severe status that makes the command exit 1. */
  enum Threshold { warn, fail }

  enum Format { human, json }

  @Spec CommandSpec spec;

  @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
      description = "the PDP's base URL (default: ${DEFAULT-VALUE})")
  String url;

  @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:ARBITER_API_KEY}",
      description = "an API key of a policy-admin or auditor (default: $ARBITER_API_KEY)")
  String apiKey;

  @Option(names = "--token", paramLabel = "JWT", defaultValue = "${env:ARBITER_TOKEN}",
      description = "a bearer JWT of a policy-admin or auditor (default: $ARBITER_TOKEN)")
  String token;

  @Option(names = "--cacert", paramLabel = "FILE",
      description = "PEM certificates to trust for an https URL instead of the JDK's, like curl --cacert")
  Path cacert;

  @Option(names = "--fail-on", paramLabel = "STATUS", defaultValue = "fail",
      description = "fail (default): exit 1 when an item fails; warn: also when one warns")
  Threshold failOn;

  @Option(names = "--format", defaultValue = "human", description = "human (default) or json: the report as served")
  Format format;

  /** One item of the report, as the CLI needs it. */
  record Item(String id, String status, String message) {}

  /** Refused before or while asking: exit 2 with the message. */
  private static final class Problem extends Exception {
    Problem(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      URI endpoint = endpoint(url);
      String body = fetch(endpoint);
      Json report = switch (READER.read(body)) {
        case JsonReader.Parsed parsed -> parsed.json();
        case JsonReader.Failed failed -> throw new Problem(endpoint + " answered something that is not JSON: "
            + failed.failure().message());
      };
      List<Item> items = items(report, endpoint);
      if (format == Format.json) {
        out.println(body.strip());
      } else {
        print(report, items, out);
      }
      out.flush();
      boolean failing = items.stream().anyMatch(item -> item.status().equals("fail")
          || (failOn == Threshold.warn && item.status().equals("warn")));
      return failing ? Exit.FINDINGS : Exit.OK;
    } catch (Problem e) {
      err.println("arbiter: " + e.getMessage());
      err.flush();
      return Exit.USAGE;
    }
  }

  static URI endpoint(String url) throws Problem {
    URI base;
    try {
      base = new URI(url.trim());
    } catch (URISyntaxException e) {
      base = null;
    }
    if (base == null || base.getHost() == null || base.getScheme() == null
        || !(base.getScheme().equalsIgnoreCase("http") || base.getScheme().equalsIgnoreCase("https"))) {
      throw new Problem("--url must be an http or https URL such as http://127.0.0.1:8080, found `" + url + "`");
    }
    String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    if (!path.endsWith(ENDPOINT)) {
      path = path + ENDPOINT;
    }
    return URI.create(base.getScheme().toLowerCase(Locale.ROOT) + "://" + base.getRawAuthority() + path);
  }

  private String fetch(URI endpoint) throws Problem {
    if (apiKey != null && token != null) {
      throw new Problem("give --api-key or --token, not both ($ARBITER_API_KEY and $ARBITER_TOKEN count as given)");
    }
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
    if (cacert != null) {
      builder.sslContext(trusting(cacert));
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(ANSWER_TIMEOUT)
        .header("Accept", "application/json").GET();
    if (apiKey != null) {
      request.header("X-API-Key", apiKey);
    } else if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response;
    try (HttpClient client = builder.build()) {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new Problem("cannot reach " + endpoint + ": connection refused; is the PDP running, and is --url right?");
    } catch (HttpTimeoutException e) {
      throw new Problem("cannot reach " + endpoint + ": no answer within " + ANSWER_TIMEOUT.toSeconds() + " s");
    } catch (SSLException e) {
      throw new Problem("cannot reach " + endpoint + ": the TLS handshake failed (" + e.getMessage() + ");"
          + " for a certificate of your own CA give --cacert");
    } catch (IOException e) {
      throw new Problem("cannot reach " + endpoint + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
          : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Problem("interrupted while asking " + endpoint);
    }
    return switch (response.statusCode()) {
      case 200 -> response.body();
      case 401 -> throw new Problem(endpoint + " refused the request (401 " + error(response.body()) + "): "
          + (apiKey == null && token == null ? "give --api-key or --token" : "the credentials were not accepted;"
              + " give those") + " of a caller with the role policy-admin or auditor");
      case 403 -> throw new Problem(endpoint + " refused the request (403 " + error(response.body()) + "): the"
          + " caller needs the role policy-admin or auditor");
      case 404 -> throw new Problem(endpoint + " does not exist (404): is --url an Arbiter PDP with the baseline"
          + " endpoint?");
      default -> throw new Problem(endpoint + " answered " + response.statusCode() + " " + error(response.body()));
    };
  }

  /** The {@code code: message} of an error body, or its start when it is not one. */
  private static String error(String body) {
    if (READER.read(body) instanceof JsonReader.Parsed parsed && parsed.json() instanceof Json.JsonObject object
        && object.members().get("code") instanceof Json.JsonString code
        && object.members().get("message") instanceof Json.JsonString message) {
      return code.value() + ": " + message.value();
    }
    String text = body.strip();
    return text.isEmpty() ? "with an empty body" : text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }

  private static SSLContext trusting(Path file) throws Problem {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new Problem("--cacert " + file + " holds no PEM certificate");
      }
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      int n = 0;
      for (Certificate certificate : certificates) {
        anchors.setCertificateEntry("anchor-" + n++, certificate);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(anchors);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new Problem("cannot read --cacert " + file + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new Problem("--cacert " + file + " holds no usable PEM certificate: " + e.getMessage());
    }
  }

  /** The report's items, checked for the shape the service serves. */
  static List<Item> items(Json report, URI endpoint) throws Problem {
    String notAReport = endpoint + " answered JSON that is not a baseline report: ";
    if (!(report instanceof Json.JsonObject object) || !(object.members().get("items") instanceof Json.JsonArray array)
        || !(object.members().get("score") instanceof Json.JsonNumber)) {
      throw new Problem(notAReport + "it has no `score` and `items`");
    }
    List<Item> items = new ArrayList<>();
    for (Json element : array.elements()) {
      if (!(element instanceof Json.JsonObject item) || !(text(item.members(), "id") instanceof String id)
          || !(text(item.members(), "status") instanceof String status)
          || !(text(item.members(), "message") instanceof String message)
          || !List.of("pass", "warn", "fail").contains(status)) {
        throw new Problem(notAReport + "an item needs `id`, `message` and a `status` of pass, warn or fail");
      }
      items.add(new Item(id, status, message));
    }
    return items;
  }

  private static String text(Map<String, Json> members, String name) {
    return members.get(name) instanceof Json.JsonString string ? string.value() : null;
  }

  private static void print(Json report, List<Item> items, PrintWriter out) {
    int width = items.stream().mapToInt(item -> item.id().length()).max().orElse(0) + 2;
    for (Item item : items) {
      out.println(item.status().toUpperCase(Locale.ROOT) + "  " + item.id()
          + " ".repeat(width - item.id().length()) + item.message());
    }
    Json.JsonNumber score = (Json.JsonNumber) ((Json.JsonObject) report).members().get("score");
    out.println("score " + score.value() + "/100: " + count(items, "pass") + " pass, " + count(items, "warn")
        + " warn, " + count(items, "fail") + " fail");
  }

  private static long count(List<Item> items, String status) {
    return items.stream().filter(item -> item.status().equals(status)).count();
  }
}
