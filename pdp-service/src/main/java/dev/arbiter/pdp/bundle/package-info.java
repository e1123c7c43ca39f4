/**
 * Where the service's policies come from: a store that holds the active bundle revision, swaps in
 * new ones atomically, keeps the last good one when a change is broken, and announces every new
 * revision. The embedded default is {@link dev.arbiter.pdp.bundle.FileBundleStore}.
 */
package dev.arbiter.pdp.bundle;
