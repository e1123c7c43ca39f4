package dev.arbiter.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code arbiter}: the policy author's tool. */
@Command(
    name = "arbiter",
    mixinStandardHelpOptions = true,
    versionProvider = ArbiterCli.Version.class,
    description = "Check, format, test and evaluate Arbiter policy bundles; verify the audit trail; check a running"
        + " PDP against the security baseline.",
    subcommands = {
      CheckCommand.class, FmtCommand.class, TestCommand.class, EvalCommand.class, ExplainCommand.class,
      AuditCommand.class, BaselineCommand.class, CommandLine.HelpCommand.class
    })
public final class ArbiterCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and answers its exit code; for tests and embedding. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** Like {@link #run(String...)}, printing to {@code out} and {@code err} instead of the console. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = commandLine();
    commandLine.setOut(out);
    commandLine.setErr(err);
    return commandLine.execute(args);
  }

  private static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new ArbiterCli());
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("arbiter: " + e.getMessage());
      return Exit.USAGE;
    });
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version recorded in the jar's manifest, when there is one. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = ArbiterCli.class.getPackage().getImplementationVersion();
      return new String[] {"arbiter " + (version == null ? "(development build)" : version)};
    }
  }
}
