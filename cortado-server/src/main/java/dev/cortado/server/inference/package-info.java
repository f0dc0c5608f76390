/** The inference core shared by every transport: routing, validation, execution, accounting. */
package dev.cortado.server.inference;
