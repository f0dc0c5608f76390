/**
 * Scenario files: the load (a trace window and a mix of request classes), the cluster, the policies
 * under test and the cost model of one simulator experiment, read from YAML with errors that name
 * the field and what it should be.
 */
package dev.cortado.sim.scenario;
