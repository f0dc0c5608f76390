/** JMH microbenchmarks of Cortado's hot paths; results and commands are recorded in docs/benchmarks.md. */
package dev.cortado.bench;
