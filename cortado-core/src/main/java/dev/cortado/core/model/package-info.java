/** Models as the serving core sees them: variants, instance sizes, signatures, runtimes, states. */
package dev.cortado.core.model;
