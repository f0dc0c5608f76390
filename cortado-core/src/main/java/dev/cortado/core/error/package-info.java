/** The one exception type of Cortado and its codes, mapped to HTTP and gRPC at the edges. */
package dev.cortado.core.error;
