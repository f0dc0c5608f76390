package dev.cortado.server.grpc;

import dev.cortado.server.rest.RestFrontend;
import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;

/**
 * REST and gRPC frontends over one inference core serving the test models, for driving an outside
 * client (clients/node-grpc) by hand: prints {@code http-port=N} and {@code grpc-port=N}, as
 * {@code cortado serve} does, and runs until killed.
 *
 * <p>{@code java -cp ... dev.cortado.server.grpc.OipTestServer}
 */
public final class OipTestServer {
  private OipTestServer() {}

  public static void main(String[] args) throws InterruptedException {
    TestModels models = TestModels.load();
    Vertx vertx = Vertx.vertx();
    RestFrontend rest = new RestFrontend(models.service(), vertx, 64L << 20);
    GrpcFrontend grpc = new GrpcFrontend(models.service());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      grpc.close();
      rest.close();
      models.close();
      vertx.close();
      stopped.countDown();
    }));
    System.out.println("http-port=" + rest.start("127.0.0.1", 0, 1));
    System.out.println("grpc-port=" + grpc.start("127.0.0.1", 0));
    System.out.flush();
    stopped.await();
  }
}
