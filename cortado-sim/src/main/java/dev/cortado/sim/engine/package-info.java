/**
 * The simulator's discrete-event core: a simulated clock with an event queue, and variants that run
 * the server's own batch policies and request queue on it, with service times drawn from measured
 * profiles and streaming statistics only.
 */
package dev.cortado.sim.engine;
