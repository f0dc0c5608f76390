/** The cluster SPI: where instances run, what they are doing, and the actions that change them. */
package dev.cortado.core.cluster;
