/**
 * The {@code arbiter} command line: {@code check}, {@code fmt} and {@code test} over bundles and
 * files. Exit codes: 0 success, 1 a finding (an error, a file to reformat, a failed test), 2 a
 * usage or I/O problem.
 */
package dev.arbiter.cli;
