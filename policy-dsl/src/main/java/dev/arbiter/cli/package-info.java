/**
 * The {@code arbiter} command line: {@code check}, {@code fmt}, {@code test}, {@code eval} and
 * {@code explain} over bundles and files, and {@code audit verify} over the PDP's audit trail. Exit
 * codes: 0 success, 1 a finding (an error, a file to reformat, a failed test, a broken audit
 * chain), 2 a usage or I/O problem.
 */
package dev.arbiter.cli;
