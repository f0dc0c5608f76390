/** The model repository: folders of configs and ONNX files, model lifecycle and versions. */
package dev.cortado.server.repository;
