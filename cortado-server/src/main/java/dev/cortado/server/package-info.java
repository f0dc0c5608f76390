/** The Cortado server: wiring of repository, inference core and frontends. */
package dev.cortado.server;
