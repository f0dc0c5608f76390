/**
 * Model-less serving: which variant of a task answers a query, given its latency SLO, accuracy floor
 * and cost ceiling, the variants' profiles and the load they carry now (INFaaS, and Cortado's rule).
 */
package dev.cortado.control.selection;
