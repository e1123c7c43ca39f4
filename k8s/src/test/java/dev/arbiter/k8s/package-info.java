/**
 * Tests that hold the manifests under {@code k8s/} to their invariants: every file parses with
 * fabric8's Kubernetes model, every kustomization names files that exist, and the base and each
 * overlay render to workloads that are probed, bounded, non-root, read-only and pinned, around a
 * PDP whose Service, disruption budget, autoscaler, network policy and configuration agree.
 * Mutated copies of the manifests prove that each invariant is checked.
 */
package dev.arbiter.k8s;
