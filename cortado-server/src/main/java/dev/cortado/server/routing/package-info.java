/** Model-less routing: a task and its requirements in, a variant out (INFaaS's query by use case). */
package dev.cortado.server.routing;
