/**
 * The gRPC face of the PDP ({@code arbiter.pdp.v1.Pdp}, contract in {@code
 * pep-clients/proto}): the same decisions as AuthZEN REST, served by the Vert.x gRPC server on the
 * HTTP port, plus a stream of bundle revisions so enforcement points can drop cached decisions at
 * once.
 */
package dev.arbiter.pdp.grpc;
