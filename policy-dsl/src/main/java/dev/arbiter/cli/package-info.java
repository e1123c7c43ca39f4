/**
 * The {@code arbiter} command line: {@code check}, {@code fmt}, {@code test}, {@code eval} and
 * {@code explain} over bundles and files, {@code audit verify} over the PDP's audit trail, and
 * {@code baseline} against a running PDP. Exit codes: 0 success, 1 a finding (an error, a file to
 * reformat, a failed test, a broken audit chain, a baseline item that fails), 2 a usage, I/O or
 * connection problem.
 */
package dev.arbiter.cli;
