/** Model instances: a loaded model, its run thread and its bounded queue. */
package dev.cortado.server.execution;
