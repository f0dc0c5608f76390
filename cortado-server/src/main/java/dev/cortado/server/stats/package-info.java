/** Per-model statistics in the shape of Triton's statistics extension. */
package dev.cortado.server.stats;
