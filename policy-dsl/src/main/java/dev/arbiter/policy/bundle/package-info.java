/**
 * Bundles on disk: finding them, and reading a bundle's files into a {@link
 * dev.arbiter.policy.bundle.BundleSource} (policies, tests, data, manifest) without interpreting
 * them. A bundle is a directory with a {@code bundle.json} manifest; a directory below it that has
 * its own manifest is a separate bundle.
 */
package dev.arbiter.policy.bundle;
