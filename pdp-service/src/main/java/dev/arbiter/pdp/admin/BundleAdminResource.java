package dev.arbiter.pdp.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.arbiter.pdp.authzen.DecisionJson;
import dev.arbiter.pdp.bundle.ActiveRevision;
import dev.arbiter.pdp.bundle.BundleStore;
import dev.arbiter.pdp.decision.DecisionService;
import dev.arbiter.pdp.decision.Outcome;
import dev.arbiter.pdp.security.Roles;
import dev.arbiter.pdp.store.BundleFiles;
import dev.arbiter.pdp.store.RevisionInfo;
import dev.arbiter.pdp.store.RevisionStore;
import dev.arbiter.pdp.store.RevisionStore.StoredRevision;
import dev.arbiter.pdp.web.ApiError;
import dev.arbiter.pdp.web.JsonBodies;
import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.JsonReader;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /admin/v1}: bundle revisions in the PostgreSQL store. Upload (checked and compiled first),
 * list, show, activate, roll back, diff and dry run. With the file store every endpoint answers 409:
 * the files are the source of truth there.
 */
@Path("/admin/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Bundle admin", description = "Revisions of the policy bundle (arbiter.store=postgres)")
@RolesAllowed(Roles.POLICY_ADMIN)
public class BundleAdminResource {
  /** Uploads carry whole policy files as JSON strings: up to the policy parser's own limit each. */
  private static final JsonReader UPLOAD_READER = new JsonReader(new JsonReader.Limits(16, 1 << 20, 1 << 20));
  private static final String ZIP = "application/zip";
  /** Most requests one dry run replays. */
  static final int MAX_REPLAY = 1000;

  private final BundleStore store;
  private final DecisionService decisions;
  private final RecordedRequests recorded;
  private final SecurityIdentity caller;

  BundleAdminResource(BundleStore store, DecisionService decisions, RecordedRequests recorded,
      SecurityIdentity caller) {
    this.store = store;
    this.decisions = decisions;
    this.recorded = recorded;
    this.caller = caller;
  }

  @POST
  @Path("/revisions")
  @Operation(summary = "Upload a bundle as a new revision", description = "The body is"
      + " `{\"files\": {\"<path>\": \"<text>\", …}, \"message\": \"…\"}`: `bundle.json`, `.pol`, `.poltest` and"
      + " `.json` data files by their path in the bundle. The bundle is checked and compiled; with errors it is"
      + " refused (422, with every diagnostic) and nothing is stored. A stored revision is not active until"
      + " activated. Uploading the files of an existing revision answers that revision (200).")
  @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "hello",
      value = "{\"message\": \"readers may read\", \"files\": {\"bundle.json\": \"{\\\"name\\\": \\\"hello\\\"}\","
          + " \"hello.pol\": \"package hello\\n…\"}}")))
  @APIResponse(responseCode = "201", description = "Stored as a new revision")
  @APIResponse(responseCode = "200", description = "A revision with exactly these files exists; it is answered")
  @APIResponse(responseCode = "400", description = "The body is not an upload (`invalid_request`)")
  @APIResponse(responseCode = "409", description = "The store is read-only (`read_only_store`)")
  @APIResponse(responseCode = "422", description = "The bundle has errors (`invalid_bundle`, with `diagnostics`)")
  public Response upload(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
    return withStore(revisions -> switch (JsonBodies.read(contentType, body, UPLOAD_READER)) {
      case JsonBodies.Refused refused -> refused.error().toResponse();
      case JsonBodies.Parsed parsed -> switch (Upload.read(parsed.json())) {
        case Upload.Refused refused -> ApiError.badRequest(refused.message()).toResponse();
        case Upload.Read read -> store(revisions, read.files(), read.message());
      };
    });
  }

  @POST
  @Path("/revisions")
  @Consumes(ZIP)
  @Operation(summary = "Upload a bundle as a zip archive", description = "The same as the JSON upload, with the"
      + " bundle's files in a zip archive (`Content-Type: application/zip`): at its top, or in one folder that holds"
      + " `bundle.json`. UTF-8 text, at most 8 MiB unpacked. `message` comes as a query parameter.")
  @APIResponse(responseCode = "201", description = "Stored as a new revision")
  @APIResponse(responseCode = "200", description = "A revision with exactly these files exists; it is answered")
  @APIResponse(responseCode = "400", description = "The body is not a zip archive of a bundle (`invalid_request`)")
  @APIResponse(responseCode = "409", description = "The store is read-only (`read_only_store`)")
  @APIResponse(responseCode = "422", description = "The bundle has errors (`invalid_bundle`, with `diagnostics`)")
  public Response uploadArchive(@QueryParam("message") String message, byte[] archive) {
    return withStore(revisions -> switch (BundleArchive.read(archive)) {
      case BundleFiles.Refused refused -> ApiError.badRequest(refused.message()).toResponse();
      case BundleFiles.Valid valid -> store(revisions, valid.files(), Optional.ofNullable(message));
    });
  }

  private Response store(RevisionStore revisions, BundleFiles files, Optional<String> message) {
    return switch (revisions.upload(files, author(), message)) {
      case RevisionStore.Invalid invalid -> invalid(invalid.errors());
      case RevisionStore.Stored stored -> json(stored.created() ? 201 : 200, json -> {
        json.writeStartObject();
        json.writeBooleanField("created", stored.created());
        json.writeFieldName("revision");
        info(json, stored.revision(), revisions.activeNumber());
        diagnostics(json, "warnings", stored.warnings());
        json.writeEndObject();
      });
    };
  }

  @GET
  @Path("/revisions")
  @Operation(summary = "List revisions", description = "Every revision, newest first: number, revision id,"
      + " content hash, author, time, message, summary (policies, policy sets, rules, tests, data files, files),"
      + " and which one is active.")
  @APIResponse(responseCode = "200", description = "The revisions")
  @APIResponse(responseCode = "409", description = "The store is read-only (`read_only_store`)")
  public Response list() {
    return withStore(revisions -> {
      Optional<Long> active = revisions.activeNumber();
      List<RevisionInfo> all = revisions.list();
      return json(200, json -> {
        json.writeStartObject();
        if (active.isPresent()) {
          json.writeNumberField("active", active.get());
        } else {
          json.writeNullField("active");
        }
        json.writeArrayFieldStart("revisions");
        for (RevisionInfo info : all) {
          info(json, info, active);
        }
        json.writeEndArray();
        json.writeEndObject();
      });
    });
  }

  @GET
  @Path("/revisions/{number}")
  @Operation(summary = "Show one revision", description = "The revision as listed, and its files by path.")
  @APIResponse(responseCode = "200", description = "The revision")
  @APIResponse(responseCode = "404", description = "No such revision (`not_found`)")
  @APIResponse(responseCode = "409", description = "The store is read-only (`read_only_store`)")
  public Response show(@PathParam("number") String number) {
    return withStore(revisions -> withRevision(revisions, number, revision -> json(200, json -> {
      json.writeStartObject();
      json.writeFieldName("revision");
      info(json, revision.info(), revisions.activeNumber());
      json.writeObjectFieldStart("files");
      for (Map.Entry<String, String> file : revision.files().entrySet()) {
        json.writeStringField(file.getKey(), file.getValue());
      }
      json.writeEndObject();
      json.writeEndObject();
    })));
  }

  @POST
  @Path("/revisions/{number}/activate")
  @Operation(summary = "Activate a revision", description = "Atomically, on every replica: each serves it within a"
      + " second, and `WatchRevisions` announces it. This replica serves it when the answer arrives.")
  @APIResponse(responseCode = "200", description = "Active")
  @APIResponse(responseCode = "404", description = "No such revision (`not_found`)")
  @APIResponse(responseCode = "409", description = "The store is read-only, or this service cannot compile the revision")
  public Response activate(@PathParam("number") String number) {
    return withStore(revisions -> parseNumber(number)
        .map(n -> activation(revisions, revisions.activate(n, author())))
        .orElseGet(() -> noSuchRevision(number)));
  }

  @POST
  @Path("/rollback")
  @Operation(summary = "Roll back", description = "Activates again the revision that was active before the current"
      + " activation; rolling back twice goes back two activations.")
  @APIResponse(responseCode = "200", description = "Active")
  @APIResponse(responseCode = "409", description = "The store is read-only, or there is nothing to roll back to"
      + " (`nothing_to_roll_back`)")
  public Response rollback() {
    return withStore(revisions -> activation(revisions, revisions.rollback(author())));
  }

  @GET
  @Path("/revisions/{number}/diff")
  @Operation(summary = "Diff two revisions", description = "Policies added, removed or changed (with a unified diff of"
      + " each changed policy's text) and files added, removed or changed, from revision `from` (default: the active"
      + " one) to this one.")
  @APIResponse(responseCode = "200", description = "The differences")
  @APIResponse(responseCode = "404", description = "No such revision (`not_found`)")
  @APIResponse(responseCode = "409", description = "The store is read-only, or no `from` and no active revision")
  public Response diff(@PathParam("number") String number, @QueryParam("from") String from) {
    return withStore(revisions -> withRevision(revisions, number, to -> {
      Optional<String> base = Optional.ofNullable(from).or(() -> revisions.activeNumber().map(String::valueOf));
      if (base.isEmpty()) {
        return new ApiError(409, "no_active_revision", "no revision is active; name one with `from`").toResponse();
      }
      return withRevision(revisions, base.get(), before -> compiled(before, fromBundle -> compiled(to, toBundle -> {
        RevisionDiff diff = RevisionDiff.between(before, fromBundle, to, toBundle);
        return json(200, json -> writeDiff(json, diff));
      })));
    }));
  }

  @POST
  @Path("/revisions/{number}/dry-run")
  @Operation(summary = "Dry run a revision", description = "Replays requests against the active revision and this"
      + " one, at the same time, and reports every request whose answer would change (outcome or obligations)."
      + " Body: `{\"requests\": [<AuthZEN evaluation request>, …]}`; `\"recorded\": N` adds the last N recorded"
      + " requests where the service records them. At most " + MAX_REPLAY + " requests.")
  @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "one",
      value = "{\"requests\": [{\"subject\": {\"type\": \"user\", \"id\": \"bo\", \"properties\": {\"team\": \"red\"}},"
          + " \"action\": {\"name\": \"read\"}, \"resource\": {\"type\": \"document\", \"id\": \"plan\","
          + " \"properties\": {\"team\": \"blue\"}}}]}")))
  @APIResponse(responseCode = "200", description = "The report")
  @APIResponse(responseCode = "400", description = "The body is not a dry run (`invalid_request`)")
  @APIResponse(responseCode = "404", description = "No such revision (`not_found`)")
  @APIResponse(responseCode = "409", description = "The store is read-only, or no revision is active")
  public Response dryRun(@PathParam("number") String number, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      String body) {
    return withStore(revisions -> switch (JsonBodies.read(contentType, body)) {
      case JsonBodies.Refused refused -> refused.error().toResponse();
      case JsonBodies.Parsed parsed -> switch (Replay.read(parsed.json(), recorded)) {
        case Replay.Refused refused -> ApiError.badRequest(refused.message()).toResponse();
        case Replay.Read read -> withRevision(revisions, number, candidate -> compiled(candidate, bundle -> {
          Optional<ActiveRevision> active = store.active();
          if (active.isEmpty()) {
            return new ApiError(409, "no_active_revision", "no revision is active to compare with").toResponse();
          }
          DryRun run = DryRun.replay(decisions, active.get().bundle(), bundle, read.requests());
          return json(200, json -> writeDryRun(json, revisions.activeNumber(), active.get(), candidate, run));
        }));
      };
    });
  }

  // ---- reading bodies

  /** An upload body: files by path and an optional message. */
  private sealed interface Upload {
    record Read(BundleFiles files, Optional<String> message) implements Upload {}

    record Refused(String message) implements Upload {}

    static Upload read(Json body) {
      if (!(body instanceof JsonObject root)) {
        return new Refused("an upload is a JSON object with `files`, found " + body.kind());
      }
      for (String key : root.members().keySet()) {
        if (!key.equals("files") && !key.equals("message")) {
          return new Refused("unknown key `" + key + "`; an upload has `files` and `message`");
        }
      }
      Optional<String> message = Optional.empty();
      Json text = root.members().get("message");
      if (text instanceof Json.JsonString string) {
        message = Optional.of(string.value());
      } else if (text != null && !(text instanceof Json.JsonNull)) {
        return new Refused("`message` is a string, found " + text.kind());
      }
      if (!(root.members().get("files") instanceof JsonObject files)) {
        return new Refused("`files` is an object of file paths to file texts");
      }
      Map<String, String> contents = new LinkedHashMap<>();
      for (Map.Entry<String, Json> file : files.members().entrySet()) {
        if (!(file.getValue() instanceof Json.JsonString content)) {
          return new Refused("file `" + file.getKey() + "`: its text is a string, found " + file.getValue().kind());
        }
        contents.put(file.getKey(), content.value());
      }
      return switch (BundleFiles.of(contents)) {
        case BundleFiles.Valid valid -> new Read(valid.files(), message);
        case BundleFiles.Refused refused -> new Refused(refused.message());
      };
    }
  }

  /** A dry-run body: requests given, and how many recorded ones to add. */
  private sealed interface Replay {
    record Read(List<Json> requests) implements Replay {}

    record Refused(String message) implements Replay {}

    static Replay read(Json body, RecordedRequests recorded) {
      if (!(body instanceof JsonObject root)) {
        return new Refused("a dry run is a JSON object with `requests` and/or `recorded`, found " + body.kind());
      }
      for (String key : root.members().keySet()) {
        if (!key.equals("requests") && !key.equals("recorded")) {
          return new Refused("unknown key `" + key + "`; a dry run has `requests` and `recorded`");
        }
      }
      List<Json> requests = new java.util.ArrayList<>();
      Json given = root.members().get("requests");
      if (given instanceof Json.JsonArray array) {
        requests.addAll(array.elements());
      } else if (given != null) {
        return new Refused("`requests` is an array of AuthZEN evaluation requests, found " + given.kind());
      }
      Json count = root.members().get("recorded");
      if (count != null) {
        if (!(count instanceof Json.JsonNumber number) || number.value().doubleValue() != number.value().intValue()
            || number.value().intValue() < 1 || number.value().intValue() > MAX_REPLAY) {
          return new Refused("`recorded` is a whole number from 1 to " + MAX_REPLAY);
        }
        Optional<List<Json>> last = recorded.last(number.value().intValue());
        if (last.isEmpty()) {
          return new Refused("this service keeps no recorded requests; send the requests to replay in `requests`");
        }
        requests.addAll(last.get());
      }
      if (requests.isEmpty()) {
        return new Refused("nothing to replay: give `requests` (or `recorded`)");
      }
      if (requests.size() > MAX_REPLAY) {
        return new Refused("a dry run replays at most " + MAX_REPLAY + " requests, found " + requests.size());
      }
      return new Read(requests);
    }
  }

  // ---- answers

  private Response withStore(Function<RevisionStore, Response> action) {
    if (store instanceof RevisionStore revisions) {
      return action.apply(revisions);
    }
    return new ApiError(409, "read_only_store", "the file store is read-only; use arbiter.store=postgres to manage"
        + " revisions through this API").toResponse();
  }

  private static Response withRevision(RevisionStore revisions, String number,
      Function<StoredRevision, Response> action) {
    return parseNumber(number).flatMap(revisions::revision).map(action).orElseGet(() -> noSuchRevision(number));
  }

  private static Response compiled(StoredRevision revision,
      Function<dev.arbiter.policy.compile.CompiledBundle, Response> action) {
    return revision.bundle().map(action).orElseGet(() -> new ApiError(409, "uncompilable_revision", "revision "
        + revision.info().number() + " does not compile with this version of the service").toResponse());
  }

  private static Optional<Long> parseNumber(String number) {
    return number != null && number.matches("[1-9][0-9]{0,17}") ? Optional.of(Long.parseLong(number))
        : Optional.empty();
  }

  private static Response noSuchRevision(String number) {
    return new ApiError(404, "not_found", "no revision `" + printable(number) + "`; revisions are numbered 1, 2, …")
        .toResponse();
  }

  private static Response activation(RevisionStore revisions, RevisionStore.Activation activation) {
    return switch (activation) {
      case RevisionStore.Activated activated -> json(200, json -> {
        json.writeStartObject();
        json.writeFieldName("active");
        info(json, activated.revision(), Optional.of(activated.revision().number()));
        json.writeStringField("activated_at", activated.at().toString());
        json.writeEndObject();
      });
      case RevisionStore.UnknownRevision unknown -> noSuchRevision(String.valueOf(unknown.number()));
      case RevisionStore.NothingToRollBack nothing -> new ApiError(409, "nothing_to_roll_back",
          "no earlier activation to roll back to").toResponse();
      case RevisionStore.Uncompilable uncompilable -> new ApiError(409, "uncompilable_revision", "revision "
          + uncompilable.number() + " does not compile with this version of the service").toResponse();
    };
  }

  private static Response invalid(List<Diagnostic> errors) {
    return json(422, json -> {
      json.writeStartObject();
      json.writeStringField("code", "invalid_bundle");
      json.writeStringField("message", "the bundle has " + errors.size() + (errors.size() == 1 ? " error" : " errors")
          + "; nothing was stored");
      diagnostics(json, "diagnostics", errors);
      json.writeEndObject();
    });
  }

  private static void diagnostics(JsonGenerator json, String field, List<Diagnostic> diagnostics) throws IOException {
    json.writeArrayFieldStart(field);
    for (Diagnostic diagnostic : diagnostics) {
      json.writeStartObject();
      json.writeStringField("file", diagnostic.location().file());
      json.writeNumberField("line", diagnostic.location().line());
      json.writeNumberField("column", diagnostic.location().column());
      json.writeStringField("code", diagnostic.code().id());
      json.writeStringField("severity", diagnostic.severity().name().toLowerCase(java.util.Locale.ROOT));
      json.writeStringField("message", diagnostic.message());
      json.writeStringField("text", diagnostic.toString());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private static void info(JsonGenerator json, RevisionInfo info, Optional<Long> active) throws IOException {
    json.writeStartObject();
    json.writeNumberField("number", info.number());
    json.writeStringField("revision", info.revision());
    json.writeStringField("content_hash", info.contentHash());
    json.writeStringField("bundle", info.bundle());
    json.writeStringField("author", info.author());
    json.writeStringField("created_at", info.createdAt().toString());
    if (info.message().isPresent()) {
      json.writeStringField("message", info.message().get());
    }
    json.writeBooleanField("active", active.isPresent() && active.get() == info.number());
    json.writeObjectFieldStart("summary");
    json.writeNumberField("policies", info.summary().policies());
    json.writeNumberField("policy_sets", info.summary().policySets());
    json.writeNumberField("rules", info.summary().rules());
    json.writeNumberField("tests", info.summary().tests());
    json.writeNumberField("data_files", info.summary().dataFiles());
    json.writeNumberField("files", info.summary().files());
    json.writeEndObject();
    json.writeEndObject();
  }

  private static void writeDiff(JsonGenerator json, RevisionDiff diff) throws IOException {
    json.writeStartObject();
    json.writeNumberField("from", diff.from());
    json.writeNumberField("to", diff.to());
    json.writeArrayFieldStart("policies");
    for (RevisionDiff.PolicyChange change : diff.policies()) {
      json.writeStartObject();
      json.writeStringField("id", change.id());
      json.writeStringField("change", change.change().keyword());
      json.writeStringField("file", change.file());
      if (change.diff().isPresent()) {
        json.writeStringField("diff", change.diff().get());
      }
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("files");
    for (RevisionDiff.FileChange change : diff.files()) {
      json.writeStartObject();
      json.writeStringField("path", change.path());
      json.writeStringField("change", change.change().keyword());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void writeDryRun(JsonGenerator json, Optional<Long> activeNumber, ActiveRevision active,
      StoredRevision candidate, DryRun run) throws IOException {
    json.writeStartObject();
    json.writeObjectFieldStart("active");
    if (activeNumber.isPresent()) {
      json.writeNumberField("number", activeNumber.get());
    }
    json.writeStringField("revision", active.revision());
    json.writeEndObject();
    json.writeObjectFieldStart("candidate");
    json.writeNumberField("number", candidate.info().number());
    json.writeStringField("revision", candidate.info().revision());
    json.writeEndObject();
    json.writeNumberField("replayed", run.replayed());
    json.writeNumberField("changed", run.differences().size());
    json.writeArrayFieldStart("changes");
    for (DryRun.Difference difference : run.differences()) {
      json.writeStartObject();
      json.writeNumberField("index", difference.index());
      json.writeStringField("request", DryRun.describe(difference.request()));
      answer(json, "active", difference.active());
      answer(json, "candidate", difference.candidate());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void answer(JsonGenerator json, String field, Outcome outcome) throws IOException {
    json.writeObjectFieldStart(field);
    switch (outcome) {
      case Outcome.Decided decided -> {
        json.writeBooleanField("decision", decided.permitted());
        DecisionJson.explanation(json, decided);
      }
      case Outcome.Rejected rejected -> {
        json.writeBooleanField("decision", false);
        json.writeStringField("outcome", "invalid");
        json.writeStringField("message", rejected.message());
      }
      case Outcome.Unavailable unavailable -> {
        json.writeBooleanField("decision", false);
        json.writeStringField("outcome", "unavailable");
      }
    }
    json.writeEndObject();
  }

  private static Response json(int status, DecisionJson.Writer writer) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(DecisionJson.write(writer)).build();
  }

  private String author() {
    return caller.isAnonymous() ? "anonymous" : caller.getPrincipal().getName();
  }

  private static String printable(String text) {
    String shown = text == null ? "" : text.length() > 40 ? text.substring(0, 40) + "…" : text;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }
}
