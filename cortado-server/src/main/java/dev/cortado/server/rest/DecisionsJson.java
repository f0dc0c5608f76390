package dev.cortado.server.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cortado.server.control.DecisionLog;
import java.io.IOException;
import java.util.List;

/**
 * The body of {@code GET /v2/cortado/decisions}: the autoscaler's name and its recent decisions,
 * oldest first, each with its inputs and its actions' outcomes; a figure not measured (a mean of
 * nothing) is {@code null}.
 */
final class DecisionsJson {
  private final JsonBodies bodies;

  DecisionsJson(JsonBodies bodies) {
    this.bodies = bodies;
  }

  byte[] of(String autoscaler, List<DecisionLog.Decision> decisions) {
    return bodies.write(g -> {
      g.writeStartObject();
      g.writeStringField("autoscaler", autoscaler);
      g.writeArrayFieldStart("decisions");
      for (DecisionLog.Decision d : decisions) {
        write(g, d);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private static void write(JsonGenerator g, DecisionLog.Decision d) throws IOException {
    g.writeStartObject();
    g.writeStringField("time", d.time().toString());
    g.writeStringField("variant", d.variant());
    g.writeNumberField("target_instances", d.targetInstances());
    g.writeNumberField("threads", d.threads());
    g.writeStringField("reason", d.reason());
    DecisionLog.Inputs in = d.inputs();
    g.writeObjectFieldStart("inputs");
    number(g, "arrivals_per_second", in.arrivalsPerSecond());
    number(g, "mean_in_flight", in.meanInFlight());
    g.writeNumberField("queued", in.queued());
    g.writeNumberField("ready", in.ready());
    g.writeNumberField("starting", in.starting());
    g.writeNumberField("answered", in.answered());
    number(g, "mean_latency_ms", in.meanLatencyMs());
    g.writeEndObject();
    g.writeArrayFieldStart("actions");
    for (DecisionLog.Action a : d.actions()) {
      g.writeStartObject();
      g.writeStringField("action", a.kind());
      if (a.instance().isPresent()) {
        g.writeStringField("instance", a.instance().get());
      }
      if (a.threads() > 0) {
        g.writeNumberField("threads", a.threads());
      }
      g.writeStringField("outcome", a.outcome());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** A figure rounded to 3 decimals, or null when it is not a number. */
  private static void number(JsonGenerator g, String name, double value) throws IOException {
    if (Double.isFinite(value)) {
      g.writeNumberField(name, Math.round(value * 1000) / 1000.0);
    } else {
      g.writeNullField(name);
    }
  }
}
