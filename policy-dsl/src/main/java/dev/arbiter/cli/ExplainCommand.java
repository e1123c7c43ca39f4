package dev.arbiter.cli;

import dev.arbiter.policy.compile.CompiledBundle;
import dev.arbiter.policy.decision.AuthorizationResult;
import dev.arbiter.policy.decision.Obligation;
import dev.arbiter.policy.decision.Reason;
import dev.arbiter.policy.request.Request;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "explain", description = {
    "Show how a bundle decides a request, step by step;",
    "or, with --dot, the compiled decision structure as a Graphviz digraph."})
final class ExplainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--request", paramLabel = "FILE", description = "the request, or - for standard input")
  Path request;

  @Option(names = "--dot", description = "print the decision structure (policy sets, indexes, policies, rules) as DOT")
  boolean dot;

  @Parameters(paramLabel = "BUNDLE", description = "the bundle directory")
  Path bundle;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!dot && request == null) {
      err.println("explain needs --request FILE, or --dot");
      return Exit.USAGE;
    }
    Optional<CompiledBundle> compiled = BundleOption.compile(bundle, out);
    if (compiled.isEmpty()) {
      out.flush();
      return Exit.FINDINGS;
    }
    if (dot) {
      out.print(compiled.get().toDot());
      out.flush();
      return Exit.OK;
    }
    Optional<Request> parsed = EvalCommand.read(request, compiled.get(), err);
    if (parsed.isEmpty()) {
      return Exit.USAGE;
    }
    AuthorizationResult result = compiled.get().evaluate(parsed.get(), true);
    out.print(result.trace().orElseThrow().render());
    out.println();
    out.println("decision: " + result.decision().keyword());
    for (Reason reason : result.reasons()) {
      out.println("reason: " + reason.id() + " (" + reason.effect().keyword() + ")"
          + Optional.ofNullable(reason.annotations().get("description")).map(d -> ": " + d).orElse(""));
    }
    for (Obligation obligation : result.obligations()) {
      out.println("obligation: " + obligation);
    }
    for (Obligation advice : result.advice()) {
      out.println("advice: " + advice);
    }
    result.problems().forEach(problem -> out.println("error: " + problem));
    out.flush();
    return Exit.OK;
  }
}
