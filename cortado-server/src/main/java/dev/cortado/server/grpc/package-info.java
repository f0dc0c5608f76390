/**
 * The Open Inference Protocol over gRPC ({@code inference.GRPCInferenceService}, with health and
 * reflection): decodes and encodes the protocol's messages around the shared inference core.
 */
package dev.cortado.server.grpc;
