/**
 * The formatter: one canonical layout for {@code .pol} and {@code .poltest} files that keeps every
 * comment. {@code format(format(x)) == format(x)}, and the output parses to the same tree.
 */
package dev.arbiter.policy.format;
