/**
 * Real arrival traces for the simulator: reading the per-minute, per-second and per-request trace
 * files, choosing a window and a scale, and turning them into a seeded, in-order stream of arrival
 * instants without holding one object per request.
 */
package dev.cortado.sim.trace;
