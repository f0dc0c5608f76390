/**
 * Workload forecasting (BARISTA): arrival-rate histories in, a mean forecast and an upper quantile
 * for provisioning out, from pure forecasters (seasonal naive, Holt-Winters, a Prophet-style
 * regression, and an ensemble weighted by recent error) that read no clock and do no I/O.
 */
package dev.cortado.control.forecast;
