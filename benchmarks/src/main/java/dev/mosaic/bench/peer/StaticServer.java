package dev.mosaic.bench.peer;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The peer of the cache-hit scenario (S6): a plain Vert.x HTTP server, one verticle per core, that
 * answers every request with the same JSON body. A cache hit can be no cheaper than this. {@code
 * java -cp mosaic-bench.jar dev.mosaic.bench.peer.StaticServer PORT BODY}
 */
public final class StaticServer extends VerticleBase {

  private final int port;
  private final Buffer body;

  private StaticServer(int port, Buffer body) {
    this.port = port;
    this.body = body;
  }

  @Override
  public Future<?> start() {
    return vertx
        .createHttpServer(
            new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
        .requestHandler(
            request -> request.response().putHeader("content-type", "application/json").end(body))
        .listen();
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Buffer body = Buffer.buffer(args.length > 1 ? args[1] : "{}");
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    vertx
        .deployVerticle(
            () -> new StaticServer(port, body),
            new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
        .toCompletionStage()
        .toCompletableFuture()
        .get();
    System.out.println("STATIC READY " + port);
  }
}
