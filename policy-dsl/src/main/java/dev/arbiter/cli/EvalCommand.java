package dev.arbiter.cli;

import dev.arbiter.policy.compile.CompiledBundle;
import dev.arbiter.policy.decision.AuthorizationResult;
import dev.arbiter.policy.decision.ResultJson;
import dev.arbiter.policy.request.Request;
import dev.arbiter.policy.request.RequestJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "eval", description = "Decide one request (AuthZEN JSON) against a bundle and print the decision as JSON.")
final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--request", required = true, paramLabel = "FILE", description = "the request, or - for standard input")
  Path request;

  @Option(names = "--compact", description = "one line of JSON")
  boolean compact;

  @Parameters(paramLabel = "BUNDLE", description = "the bundle directory")
  Path bundle;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Optional<CompiledBundle> compiled = BundleOption.compile(bundle, out);
    if (compiled.isEmpty()) {
      out.flush();
      return Exit.FINDINGS;
    }
    Optional<Request> parsed = read(request, compiled.get(), spec.commandLine().getErr());
    if (parsed.isEmpty()) {
      return Exit.USAGE;
    }
    AuthorizationResult result = compiled.get().evaluate(parsed.get());
    out.println(ResultJson.write(result, !compact));
    out.flush();
    return Exit.OK;
  }

  /** Reads and decodes a request file; prints what is wrong with it otherwise. */
  static Optional<Request> read(Path file, CompiledBundle bundle, PrintWriter err) throws IOException {
    String text = file.toString().equals("-")
        ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
        : Files.readString(file, StandardCharsets.UTF_8);
    return switch (RequestJson.read(text, bundle.source().schema())) {
      case RequestJson.Valid valid -> Optional.of(valid.request());
      case RequestJson.Invalid invalid -> {
        invalid.problems().forEach(problem -> err.println(file + ": " + problem));
        err.flush();
        yield Optional.empty();
      }
    };
  }
}
