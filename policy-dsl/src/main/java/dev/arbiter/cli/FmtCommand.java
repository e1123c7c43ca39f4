package dev.arbiter.cli;

import dev.arbiter.policy.bundle.BundleLoader;
import dev.arbiter.policy.diagnostic.DiagnosticPrinter;
import dev.arbiter.policy.format.Formatter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "fmt", description = "Rewrite .pol and .poltest files in the canonical layout.")
final class FmtCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--check", description = "change nothing; list the files that are not formatted and fail if any")
  boolean check;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "files, or directories to search")
  List<Path> paths;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int unformatted = 0;
    int broken = 0;
    List<Path> files = files();
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      Formatter.Result result = Formatter.format(file.toString(), text);
      if (!result.ok()) {
        broken++;
        DiagnosticPrinter printer = new DiagnosticPrinter(p -> Optional.of(text));
        result.diagnostics().forEach(d -> out.print(printer.human(d)));
        continue;
      }
      if (result.text().equals(text)) {
        continue;
      }
      unformatted++;
      if (check) {
        out.println(file + ": not formatted");
      } else {
        Files.writeString(file, result.text(), StandardCharsets.UTF_8);
        out.println(file + ": formatted");
      }
    }
    err.printf("%d file%s: %d %s, %d with syntax errors%n", files.size(), files.size() == 1 ? "" : "s",
        unformatted, check ? "not formatted" : "reformatted", broken);
    out.flush();
    return broken > 0 || (check && unformatted > 0) ? Exit.FINDINGS : Exit.OK;
  }

  private List<Path> files() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (!Files.exists(path)) {
        throw new IOException("no such file or directory: " + path);
      }
      files.addAll(BundleLoader.sourceFiles(path));
    }
    return files;
  }
}
