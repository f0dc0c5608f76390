package dev.cortado.server.grpc;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import dev.cortado.server.grpc.proto.GRPCInferenceServiceGrpc;
import dev.cortado.server.grpc.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceFutureStub;
import dev.cortado.server.grpc.proto.InferTensorContents;
import dev.cortado.server.grpc.proto.ModelInferRequest;
import dev.cortado.server.grpc.proto.ModelInferRequest.InferInputTensor;
import dev.cortado.server.grpc.proto.ModelInferResponse;
import dev.cortado.server.inference.InferenceService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.grpcio.server.GrpcIoServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Compares gRPC server transports for {@code ModelInfer} over loopback, all serving the same
 * {@link InferenceGrpcService} over the same core and test models: grpc-java's Netty server (calls
 * on the event loop, or on grpc's default executor) and Vert.x's gRPC server (grpc-java services
 * bridged onto a Vert.x HTTP/2 server, one instance per core). A grpc-java client in the same JVM
 * keeps a fixed number of calls in flight (closed loop) on one channel and counts answers.
 *
 * <p>Every transport is warmed up before any is measured, and the transports take turns in each
 * round, so that neither JIT order nor other load on the machine favours one.
 *
 * <p>Run (see docs/grpc.md): {@code java -cp ... dev.cortado.server.grpc.GrpcTransportBenchmark [seconds]
 * [rounds] [transport,...]}, transports among {@code netty-direct, netty-default, vertx}.
 */
public final class GrpcTransportBenchmark {
  private static final int[] CONCURRENCY = {1, 64};

  private GrpcTransportBenchmark() {}

  /** A server under test: starts on a port, stops. */
  private interface Transport extends AutoCloseable {
    int port();

    @Override
    void close();
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    List<String> names = args.length > 2 ? List.of(args[2].split(",")) : List.of("netty-direct", "netty-default", "vertx");
    System.out.printf(Locale.ROOT, "cores=%d java=%s seconds=%d rounds=%d%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), seconds, rounds);
    List<ModelInferRequest> workloads = List.of(smallTyped(), largeRaw());
    Map<String, List<Result>> results = new LinkedHashMap<>();
    try (TestModels models = TestModels.load()) {
      Map<String, Transport> transports = new LinkedHashMap<>();
      try {
        for (String name : names) {
          transports.put(name, start(name, models.service()));
        }
        // Warm every transport up before measuring any, so that JIT order favours none.
        for (ModelInferRequest request : workloads) {
          for (Map.Entry<String, Transport> t : transports.entrySet()) {
            for (int c : CONCURRENCY) {
              run(t.getValue().port(), request, c, 3);
            }
          }
        }
        // Interleave the transports in every round; report each round's median.
        for (int round = 0; round < rounds; round++) {
          for (ModelInferRequest request : workloads) {
            for (int c : CONCURRENCY) {
              for (Map.Entry<String, Transport> t : transports.entrySet()) {
                Result r = run(t.getValue().port(), request, c, seconds);
                results.computeIfAbsent(t.getKey() + "|" + describe(request) + "|" + c, k -> new ArrayList<>()).add(r);
                System.out.printf(Locale.ROOT, "round %d %-14s %-30s %3d %8.0f req/s%n",
                    round + 1, t.getKey(), describe(request), c, r.throughput());
              }
            }
          }
        }
      } finally {
        for (Transport t : transports.values()) {
          t.close();
        }
      }
    }
    System.out.printf(Locale.ROOT, "%n| transport | workload | concurrency | req/s (median of %d) | p50 µs | p99 µs |%n", rounds);
    System.out.println("|---|---|---:|---:|---:|---:|");
    results.forEach((key, list) -> {
      String[] k = key.split("\\|");
      list.sort(Comparator.comparingDouble(Result::throughput));
      Result median = list.get(list.size() / 2);
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %.0f | %.0f | %.0f |%n",
          k[0], k[1], k[2], median.throughput(), median.p50Micros(), median.p99Micros());
    });
  }

  /** One measurement: answers per second and latency percentiles. */
  private record Result(double throughput, double p50Micros, double p99Micros) {}

  private static Transport start(String name, InferenceService core) throws Exception {
    return switch (name) {
      case "netty-direct" -> netty(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).directExecutor(), core);
      case "netty-default" -> netty(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), core);
      case "vertx" -> vertx(core);
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static Transport netty(NettyServerBuilder builder, InferenceService core) throws IOException {
    Server server = builder.maxInboundMessageSize(GrpcFrontend.DEFAULT_MAX_INBOUND_MESSAGE_BYTES)
        .addService(new InferenceGrpcService(core)).build().start();
    return new Transport() {
      @Override
      public int port() {
        return server.getPort();
      }

      @Override
      public void close() {
        server.shutdownNow();
        try {
          server.awaitTermination();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
  }

  private static Transport vertx(InferenceService core) throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Vertx vertx = Vertx.vertx();
    int instances = Runtime.getRuntime().availableProcessors();
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        GrpcIoServer grpc = GrpcIoServer.server(
            vertx, new GrpcServerOptions().setMaxMessageSize(GrpcFrontend.DEFAULT_MAX_INBOUND_MESSAGE_BYTES));
        grpc.addService(new InferenceGrpcService(core));
        return vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1"))
            .requestHandler(grpc).listen();
      }
    }, new DeploymentOptions().setInstances(instances)).await();
    return new Transport() {
      @Override
      public int port() {
        return port;
      }

      @Override
      public void close() {
        vertx.close().await();
      }
    };
  }

  private static Result run(int port, ModelInferRequest request, int concurrency, int seconds)
      throws InterruptedException {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
        .maxInboundMessageSize(GrpcFrontend.DEFAULT_MAX_INBOUND_MESSAGE_BYTES).build();
    try {
      GRPCInferenceServiceFutureStub stub = GRPCInferenceServiceGrpc.newFutureStub(channel);
      measure(stub, request, concurrency, 1); // connect and settle
      long[] latencies = measure(stub, request, concurrency, seconds);
      Arrays.sort(latencies);
      return new Result(latencies.length / (double) seconds,
          percentile(latencies, 0.50) / 1e3, percentile(latencies, 0.99) / 1e3);
    } finally {
      channel.shutdownNow().awaitTermination(1, TimeUnit.MINUTES);
    }
  }

  /** Keeps {@code concurrency} calls in flight for the given time; the latency of each answered call, in ns. */
  private static long[] measure(GRPCInferenceServiceFutureStub stub, ModelInferRequest request, int concurrency, int seconds)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long[][] perWorker = new long[concurrency][1 << 16];
    AtomicInteger[] counts = new AtomicInteger[concurrency];
    CountDownLatch done = new CountDownLatch(concurrency);
    AtomicBoolean failed = new AtomicBoolean();
    for (int w = 0; w < concurrency; w++) {
      counts[w] = new AtomicInteger();
      call(stub, request, end, perWorker, counts, w, done, failed);
    }
    done.await();
    if (failed.get()) {
      throw new IllegalStateException("a call failed; see above");
    }
    int total = 0;
    for (AtomicInteger c : counts) {
      total += c.get();
    }
    long[] all = new long[total];
    int at = 0;
    for (int w = 0; w < concurrency; w++) {
      int n = Math.min(counts[w].get(), perWorker[w].length);
      System.arraycopy(perWorker[w], 0, all, at, n);
      at += n;
    }
    return Arrays.copyOf(all, at);
  }

  private static void call(GRPCInferenceServiceFutureStub stub, ModelInferRequest request, long end, long[][] latencies,
      AtomicInteger[] counts, int worker, CountDownLatch done, AtomicBoolean failed) {
    long start = System.nanoTime();
    Futures.addCallback(stub.modelInfer(request), new FutureCallback<ModelInferResponse>() {
      @Override
      public void onSuccess(ModelInferResponse response) {
        long now = System.nanoTime();
        int i = counts[worker].getAndIncrement();
        if (i < latencies[worker].length) {
          latencies[worker][i] = now - start;
        }
        if (now < end) {
          call(stub, request, end, latencies, counts, worker, done, failed);
        } else {
          done.countDown();
        }
      }

      @Override
      public void onFailure(Throwable t) {
        t.printStackTrace();
        failed.set(true);
        done.countDown();
      }
    }, MoreExecutors.directExecutor());
  }

  private static double percentile(long[] sorted, double q) {
    return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }

  private static String describe(ModelInferRequest r) {
    return r.getModelName() + (r.getRawInputContentsCount() > 0 ? " raw " : " typed ")
        + r.getInputs(0).getShapeList().toString().replace(" ", "");
  }

  /** add-fp32, two typed FP32 inputs of [1, 4]. */
  private static ModelInferRequest smallTyped() {
    ModelInferRequest.Builder b = ModelInferRequest.newBuilder().setModelName("add-fp32");
    for (String name : List.of("INPUT0", "INPUT1")) {
      b.addInputs(InferInputTensor.newBuilder().setName(name).setDatatype("FP32").addShape(1).addShape(4)
          .setContents(InferTensorContents.newBuilder().addFp32Contents(1).addFp32Contents(2).addFp32Contents(3).addFp32Contents(4)));
    }
    return b.build();
  }

  /** identity-fp32 with one raw FP32 input of [1, 65536] (256 KiB each way). */
  private static ModelInferRequest largeRaw() {
    return ModelInferRequest.newBuilder().setModelName("identity-fp32")
        .addInputs(InferInputTensor.newBuilder().setName("INPUT0").setDatatype("FP32").addShape(1).addShape(65536))
        .addRawInputContents(ByteString.copyFrom(new byte[4 * 65536]))
        .build();
  }
}
