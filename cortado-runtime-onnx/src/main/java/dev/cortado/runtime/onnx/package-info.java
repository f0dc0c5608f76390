/** The {@code ModelRuntime} on ONNX Runtime: sessions with explicit options, tensors in and out. */
package dev.cortado.runtime.onnx;
