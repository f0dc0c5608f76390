/** Fakes and fixtures shared by tests: a manual clock, the project's bundled models and datasets. */
package dev.cortado.testing;
