package dev.cortado.server.conformance;

import dev.cortado.server.CortadoServer;
import java.util.function.Function;

/** The transports the conformance suite runs against; each makes a client for a running server. */
enum Transports {
  REST_JSON(s -> new RestOipClient(s.ports().http(), false)),
  REST_BINARY(s -> new RestOipClient(s.ports().http(), true)),
  GRPC_TYPED(s -> new GrpcOipClient(s.ports().grpc(), false)),
  GRPC_RAW(s -> new GrpcOipClient(s.ports().grpc(), true));

  private final Function<CortadoServer, OipClient> factory;

  Transports(Function<CortadoServer, OipClient> factory) {
    this.factory = factory;
  }

  OipClient connect(CortadoServer server) {
    return factory.apply(server);
  }
}
