package dev.arbiter.policy.ast;

import java.util.List;

/** A parsed {@code .poltest} file. */
public record TestFile(Span span, List<TestCase> tests) implements Node {
  public TestFile {
    Nodes.require(span, "span");
    tests = Nodes.copy(tests, "tests");
  }
}
