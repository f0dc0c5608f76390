/** The {@code cortado} command line (picocli). */
package dev.cortado.cli;
