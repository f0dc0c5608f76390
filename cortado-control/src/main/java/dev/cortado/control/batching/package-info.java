/**
 * Batching against deadlines: per-variant request queues ordered by priority and deadline, and the
 * policies that say "dispatch n now" or "wait until t" (Cortado's, MLProxy's, Triton's fixed delay,
 * none), with admission control; pure decisions, time comes in as {@code now}.
 */
package dev.cortado.control.batching;
