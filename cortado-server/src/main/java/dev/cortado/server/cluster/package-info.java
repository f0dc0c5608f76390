/** The local cluster: instances in this process within a core budget. */
package dev.cortado.server.cluster;
