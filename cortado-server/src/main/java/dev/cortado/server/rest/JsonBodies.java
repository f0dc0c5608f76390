package dev.cortado.server.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortado.core.tensor.TensorSpec;
import dev.cortado.core.model.ModelState;
import dev.cortado.server.inference.ModelMetadata;
import dev.cortado.server.inference.ServerMetadata;
import dev.cortado.server.repository.ModelVersion;
import dev.cortado.server.stats.ModelStatistics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** JSON bodies of the protocol's non-inference endpoints, written with a streaming generator. */
final class JsonBodies {
  private final ObjectMapper mapper;

  JsonBodies(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  byte[] write(Writer w) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
      w.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  byte[] error(String message) {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("error", message);
      g.writeEndObject();
    });
  }

  byte[] flag(String name, boolean value) {
    return write(g -> {
      g.writeStartObject();
      g.writeBooleanField(name, value);
      g.writeEndObject();
    });
  }

  byte[] modelReady(String model, boolean ready) {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("name", model);
      g.writeBooleanField("ready", ready);
      g.writeEndObject();
    });
  }

  byte[] serverMetadata(ServerMetadata m) {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("name", m.name());
      g.writeStringField("version", m.version());
      g.writeArrayFieldStart("extensions");
      for (String e : m.extensions()) {
        g.writeString(e);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  byte[] modelMetadata(ModelMetadata m) {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("name", m.name());
      g.writeArrayFieldStart("versions");
      for (String v : m.versions()) {
        g.writeString(v);
      }
      g.writeEndArray();
      g.writeStringField("platform", m.platform());
      tensors(g, "inputs", m.inputs());
      tensors(g, "outputs", m.outputs());
      g.writeObjectFieldStart("parameters");
      for (Map.Entry<String, String> e : m.properties().entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  private static void tensors(JsonGenerator g, String field, List<TensorSpec> specs) throws IOException {
    g.writeArrayFieldStart(field);
    for (TensorSpec t : specs) {
      g.writeStartObject();
      g.writeStringField("name", t.name());
      g.writeStringField("datatype", t.datatype().name());
      g.writeArrayFieldStart("shape");
      for (int i = 0; i < t.shape().rank(); i++) {
        g.writeNumber(t.shape().dim(i));
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  byte[] index(List<ModelVersion> versions) {
    return write(g -> {
      g.writeStartArray();
      for (ModelVersion v : versions) {
        g.writeStartObject();
        g.writeStringField("name", v.name());
        g.writeStringField("version", v.version());
        g.writeStringField("state", v.state().name());
        g.writeStringField("reason", v.reason().orElse(v.state() == ModelState.READY ? "" : v.state().name().toLowerCase()));
        g.writeEndObject();
      }
      g.writeEndArray();
    });
  }

  /** Triton's statistics extension: {@code {"model_stats": [...]}}. */
  byte[] statistics(List<ModelVersion> versions) {
    return write(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("model_stats");
      for (ModelVersion v : versions) {
        ModelStatistics.Snapshot s = v.statistics().snapshot();
        g.writeStartObject();
        g.writeStringField("name", v.name());
        g.writeStringField("version", v.version());
        g.writeNumberField("last_inference", s.lastInferenceMillis());
        g.writeNumberField("inference_count", s.inferenceCount());
        g.writeNumberField("execution_count", s.executionCount());
        g.writeObjectFieldStart("inference_stats");
        counted(g, "success", s.success());
        counted(g, "fail", s.fail());
        counted(g, "queue", s.queue());
        counted(g, "compute_input", s.computeInput());
        counted(g, "compute_infer", s.computeInfer());
        counted(g, "compute_output", s.computeOutput());
        g.writeEndObject();
        g.writeArrayFieldStart("batch_stats");
        for (Map.Entry<Long, ModelStatistics.BatchSnapshot> b : s.byBatchSize().entrySet()) {
          g.writeStartObject();
          g.writeNumberField("batch_size", b.getKey());
          counted(g, "compute_input", b.getValue().computeInput());
          counted(g, "compute_infer", b.getValue().computeInfer());
          counted(g, "compute_output", b.getValue().computeOutput());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private static void counted(JsonGenerator g, String field, ModelStatistics.Counted c) throws IOException {
    g.writeObjectFieldStart(field);
    g.writeNumberField("count", c.count());
    g.writeNumberField("ns", c.ns());
    g.writeEndObject();
  }
}
