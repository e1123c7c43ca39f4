package dev.arbiter.pdp.decision;

import dev.arbiter.pdp.bundle.ActiveRevision;
import dev.arbiter.pdp.bundle.BundleStore;
import dev.arbiter.pdp.grants.GrantBook;
import dev.arbiter.policy.compile.CompiledBundle;
import dev.arbiter.policy.data.Entity;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import dev.arbiter.policy.request.Request;
import dev.arbiter.policy.request.RequestJson;
import dev.arbiter.policy.value.EntityUid;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * AuthZEN search: which subjects, resources or actions the active bundle permits, given the other
 * two. Candidates are the bundle's data entities of the asked type (sorted by id) or its declared
 * actions; each is decided like an ordinary request. Pages are cut by a limit and resumed with a
 * token bound to the revision, so a reload between pages cannot skip or repeat answers silently.
 */
@ApplicationScoped
public class SearchService {
  /** What is searched for. */
  public enum Kind {
    SUBJECT("subject"),
    RESOURCE("resource"),
    ACTION("action");

    private final String key;

    Kind(String key) {
      this.key = key;
    }
  }

  /** The search's answer. */
  public sealed interface Found {}

  /**
   * @param results the permitted candidates: {@code {type, id}} entities or action names
   * @param nextToken where the next page starts; empty at the end
   */
  public record Results(Kind kind, List<Object> results, String nextToken) implements Found {}

  public record Rejected(String message) implements Found {}

  public record Unavailable(String message) implements Found {}

  /** A placeholder for the searched-for id or name, which the caller need not send. */
  private static final String PLACEHOLDER = "\u0000searched";

  private final BundleStore store;
  private final GrantBook grants;
  private final Clock clock = Clock.systemUTC();
  private final int defaultLimit;
  private final int maxLimit;
  private final Duration timeout;

  SearchService(
      BundleStore store,
      GrantBook grants,
      @ConfigProperty(name = "arbiter.search.default-limit", defaultValue = "100") int defaultLimit,
      @ConfigProperty(name = "arbiter.search.max-limit", defaultValue = "1000") int maxLimit,
      @ConfigProperty(name = "arbiter.limits.request-timeout", defaultValue = "PT5S") Duration timeout) {
    this.store = store;
    this.grants = grants;
    this.defaultLimit = defaultLimit;
    this.maxLimit = maxLimit;
    this.timeout = timeout;
  }

  /**
   * @param limit the page size asked for, or empty for the default
   * @param pageToken the token of the previous page, or empty for the first
   */
  public Found search(Kind kind, JsonObject request, Optional<Integer> limit, String pageToken) {
    Optional<ActiveRevision> active = store.active();
    if (active.isEmpty()) {
      return new Unavailable("no policy bundle is active yet");
    }
    CompiledBundle bundle = active.get().bundle();
    int size = limit.orElse(defaultLimit);
    if (size < 1 || size > maxLimit) {
      return new Rejected("`page.limit` must be between 1 and " + maxLimit + ", found " + size);
    }
    int start;
    try {
      start = startOf(pageToken, bundle.revision());
    } catch (IllegalArgumentException e) {
      return new Rejected(e.getMessage());
    }
    return switch (Environment.apply(withPlaceholder(kind, request), bundle.source().schema(), clock.instant(),
        Optional.empty(), grants)) {
      case Environment.Conflict conflict -> new Rejected(conflict.message());
      case Environment.Ready ready -> switch (RequestJson.read(ready.request(), bundle.source().schema())) {
        case RequestJson.Invalid invalid -> new Rejected(String.join("; ", invalid.problems()));
        case RequestJson.Valid valid -> scan(kind, bundle, valid.request(), start, size);
      };
    };
  }

  private Found scan(Kind kind, CompiledBundle bundle, Request template, int start, int size) {
    List<Object> candidates = candidates(kind, bundle, template);
    Function<Object, Request> request = switch (kind) {
      case SUBJECT -> uid -> new Request(new Request.Entity((EntityUid) uid, template.subject().properties()),
          template.action(), template.resource(), template.context());
      case RESOURCE -> uid -> new Request(template.subject(), template.action(),
          new Request.Entity((EntityUid) uid, template.resource().properties()), template.context());
      case ACTION -> name -> new Request(template.subject(), new Request.Action((String) name, Map.of()),
          template.resource(), template.context());
    };
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Object> found = new ArrayList<>();
    int next = start;
    while (next < candidates.size() && found.size() < size) {
      Object candidate = candidates.get(next++);
      if (bundle.evaluate(request.apply(candidate)).isPermit()) {
        found.add(candidate);
      }
      if ((next & 1023) == 0 && System.nanoTime() > deadline) {
        break; // the caller resumes from here with the token
      }
    }
    return new Results(kind, found, next < candidates.size() ? token(bundle.revision(), next) : "");
  }

  private static List<Object> candidates(Kind kind, CompiledBundle bundle, Request template) {
    if (kind == Kind.ACTION) {
      return new ArrayList<>(bundle.source().schema().actionNames());
    }
    String type = (kind == Kind.SUBJECT ? template.subject() : template.resource()).uid().type();
    return bundle.source().data().entities().all().stream()
        .map(Entity::uid)
        .filter(uid -> uid.type().equals(type))
        .sorted((a, b) -> a.id().compareTo(b.id()))
        .map(uid -> (Object) uid)
        .toList();
  }

  /** The request with the searched-for id or name filled in, so only the other fields are checked. */
  private static JsonObject withPlaceholder(Kind kind, JsonObject request) {
    Json given = request.members().get(kind.key);
    JsonObject searched;
    if (given instanceof JsonObject object) {
      searched = object;
    } else if (kind == Kind.ACTION && (given == null || given instanceof Json.JsonNull)) {
      searched = new JsonObject(Map.of(), 0, 0); // an action search needs no action at all
    } else {
      return request; // missing or malformed: the request reader says which
    }
    Map<String, Json> filled = new LinkedHashMap<>(searched.members());
    filled.put(kind == Kind.ACTION ? "name" : "id", new JsonString(PLACEHOLDER, 0, 0));
    Map<String, Json> root = new LinkedHashMap<>(request.members());
    root.put(kind.key, new JsonObject(filled, searched.line(), searched.column()));
    return new JsonObject(root, request.line(), request.column());
  }

  private static String token(String revision, int offset) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((revision + "\n" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int startOf(String token, String revision) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    String[] parts;
    try {
      parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n", 2);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("`page.token` is not a token this PDP issued");
    }
    if (parts.length != 2 || !parts[1].matches("\\d{1,9}")) {
      throw new IllegalArgumentException("`page.token` is not a token this PDP issued");
    }
    if (!parts[0].equals(revision)) {
      throw new IllegalArgumentException("`page.token` belongs to an earlier policy revision; start the search again");
    }
    return Integer.parseInt(parts[1]);
  }
}
