/** Tensors as every transport and runtime sees them: datatype, shape and little-endian bytes. */
package dev.cortado.core.tensor;
