package dev.mosaic.bench.peer;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The floor: what a developer writes by hand with Vert.x 5 alone to do S1's passthrough and S2's
 * 3-call composition — no router, no rules, no metrics, no tracing. Every report puts Mosaic beside
 * it in the same run, so "how much does being declarative cost" is a ratio, not a guess.
 *
 * <p>It is built the way Vert.x's own advice builds such a program: one verticle instance per core,
 * one HTTP client per instance with keep-alive and a pool as large as Mosaic's (256 per service),
 * native transport. S2's answer is byte-identical to Mosaic's for the same stubs (the runner checks
 * it). Each outbound connection has an idle timeout, so a hung service fails its requests instead
 * of holding them forever; there is no per-request timer, which Mosaic's timing wheel also avoids.
 *
 * <p>{@code java -cp mosaic-bench.jar dev.mosaic.bench.peer.FloorServer PORT CATALOG INVENTORY REVIEWS}
 */
public final class FloorServer extends VerticleBase {

  private static final String HOST = "127.0.0.1";
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

  private final int port;
  private final int catalog;
  private final int inventory;
  private final int reviews;
  private HttpClient client;

  private FloorServer(int port, int catalog, int inventory, int reviews) {
    this.port = port;
    this.catalog = catalog;
    this.inventory = inventory;
    this.reviews = reviews;
  }

  @Override
  public Future<?> start() {
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setIdleTimeout(5),
        new PoolOptions().setHttp1MaxSize(256));
    return vertx.createHttpServer(new HttpServerOptions().setHost(HOST).setPort(port).setTcpNoDelay(true))
        .requestHandler(this::handle)
        .listen();
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if (path.startsWith("/s2/")) {
      compose(path.substring(4), request.response());
    } else if (path.startsWith("/s1/products/")) {
      passThrough(path.substring(3), request.response());
    } else {
      request.response().setStatusCode(404).end();
    }
  }

  /** S2: product, stock and reviews at once, shaped as scenarios.yaml's response template does. */
  private void compose(String id, HttpServerResponse response) {
    Future<Buffer> product = get(catalog, "/products/" + id);
    Future<Buffer> stock = get(inventory, "/stock/" + id);
    Future<Buffer> found = get(reviews, "/reviews?productId=" + id + "&limit=5");
    Future.all(product, stock, found).onComplete(all -> {
      if (all.failed()) {
        response.setStatusCode(502).end();
        return;
      }
      JsonObject p = new JsonObject(product.result());
      JsonArray shaped = new JsonArray();
      new JsonArray(found.result()).forEach(item -> {
        JsonObject review = (JsonObject) item;
        shaped.add(new JsonObject().put("rating", review.getValue("rating")).put("text", review.getValue("text")));
      });
      JsonObject answer = new JsonObject()
          .put("id", p.getValue("id"))
          .put("name", p.getValue("name"))
          .put("price", p.getValue("price"))
          .put("available", new JsonObject(stock.result()).getValue("available"))
          .put("reviews", shaped);
      response.putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(answer.toBuffer());
    });
  }

  private Future<Buffer> get(int servicePort, String uri) {
    return client.request(HttpMethod.GET, servicePort, HOST, uri)
        .compose(request -> request.send())
        .compose(answer -> answer.statusCode() == 200 ? answer.body()
            : Future.failedFuture("status " + answer.statusCode()));
  }

  /** S1: the catalog's answer streamed back unparsed, with its status and content headers. */
  private void passThrough(String uri, HttpServerResponse response) {
    client.request(HttpMethod.GET, catalog, HOST, uri)
        .compose(request -> request.send())
        .onComplete(sent -> {
          if (sent.failed()) {
            response.setStatusCode(502).end();
            return;
          }
          HttpClientResponse answer = sent.result();
          response.setStatusCode(answer.statusCode());
          copy(answer, response, HttpHeaders.CONTENT_TYPE);
          copy(answer, response, HttpHeaders.CONTENT_LENGTH);
          if (answer.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            response.setChunked(true);
          }
          answer.pipeTo(response);
        });
  }

  private static void copy(HttpClientResponse from, HttpServerResponse to, CharSequence name) {
    String value = from.getHeader(name);
    if (value != null) {
      to.putHeader(name, value);
    }
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int catalog = Integer.parseInt(args[1]);
    int inventory = Integer.parseInt(args[2]);
    int reviews = Integer.parseInt(args[3]);
    int cores = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(cores));
    vertx.deployVerticle(() -> new FloorServer(port, catalog, inventory, reviews),
            new DeploymentOptions().setInstances(cores))
        .toCompletionStage().toCompletableFuture().get();
    System.out.println("FLOOR READY " + port);
  }
}
