/** Profiles on disk: the JSON store, the machine they were measured on, and profiling at start. */
package dev.cortado.server.profile;
