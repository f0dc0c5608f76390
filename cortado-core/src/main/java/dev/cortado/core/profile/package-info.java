/** Measured profiles of variants: latency by batch size, cold start, memory. */
package dev.cortado.core.profile;
