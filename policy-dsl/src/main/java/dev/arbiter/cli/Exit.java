package dev.arbiter.cli;

/** The CLI's exit codes. */
final class Exit {
  static final int OK = 0;
  /** An error in a bundle, a file that needs formatting, a failed test, a baseline item that fails. */
  static final int FINDINGS = 1;
  /** Bad arguments, a path that cannot be read, a service that cannot be reached or refuses. */
  static final int USAGE = 2;

  private Exit() {}
}
