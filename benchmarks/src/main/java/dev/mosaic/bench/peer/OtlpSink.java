package dev.mosaic.bench.peer;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The collector of the tracing benchmark (benchmarks/tracing.sh): an OTLP/HTTP endpoint that reads
 * each export's body and answers 200 with an empty ExportTraceServiceResponse, decoding nothing, so
 * the gateway's export is measured and not a collector. {@code GET /stats} says how many exports
 * and bytes arrived. {@code java -cp mosaic-bench.jar dev.mosaic.bench.peer.OtlpSink PORT}
 */
public final class OtlpSink {

  private OtlpSink() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    AtomicLong exports = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    vertx
        .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .requestHandler(
            request -> {
              if (request.path().equals("/stats")) {
                request
                    .response()
                    .putHeader("content-type", "application/json")
                    .end("{\"exports\":" + exports.get() + ",\"bytes\":" + bytes.get() + "}");
                return;
              }
              request
                  .body()
                  .onSuccess(
                      body -> {
                        exports.incrementAndGet();
                        bytes.addAndGet(body.length());
                        request
                            .response()
                            .putHeader("content-type", "application/x-protobuf")
                            .end();
                      })
                  .onFailure(failed -> request.response().setStatusCode(400).end());
            })
        .listen()
        .onSuccess(server -> System.out.println("OTLP sink on 127.0.0.1:" + server.actualPort()))
        .onFailure(
            failed -> {
              failed.printStackTrace();
              System.exit(1);
            });
  }
}
