/** The Open Inference Protocol over REST: decoding, encoding and routes, on Vert.x. */
package dev.cortado.server.rest;
