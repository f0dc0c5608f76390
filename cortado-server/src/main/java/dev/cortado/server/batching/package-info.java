/** Per-variant request queues and batcher loops, with the load meters the control loop reads. */
package dev.cortado.server.batching;
