package dev.mosaic.bench.peer;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
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
import java.util.concurrent.ExecutionException;

/**
 * The floor: what a developer writes by hand with Vert.x 5 alone to do S1's passthrough, S2's
 * 3-call composition and S8, the demo's product answer (config/gateway.yaml's {@code GET
 * /products/{id}}) — no router, no rules, no metrics, no tracing. Every report puts Mosaic beside
 * it in the same run, so "how much does being declarative cost" is a ratio, not a guess.
 *
 * <p>It is built the way Vert.x's own advice builds such a program: one verticle instance per core,
 * one HTTP client per instance with keep-alive and a pool as large as the bench config gives Mosaic
 * (poolSize: 256 per service), native transport. S2's and S8's answers are byte-identical to
 * Mosaic's for the same stubs (the runner checks it before it compares). Each outbound connection
 * has an idle timeout, so a hung service fails its requests instead of holding them forever; there
 * is no per-request timer (nor S8's deadline), which Mosaic's timing wheel makes cheap.
 *
 * <p>{@code java -cp mosaic-bench.jar dev.mosaic.bench.peer.FloorServer PORT CATALOG INVENTORY
 * REVIEWS USERS}
 */
public final class FloorServer extends VerticleBase {

  private static final String HOST = "127.0.0.1";
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

  private final int port;
  private final int catalog;
  private final int inventory;
  private final int reviews;
  private final int users;
  private HttpClient client;

  private FloorServer(int port, int catalog, int inventory, int reviews, int users) {
    this.port = port;
    this.catalog = catalog;
    this.inventory = inventory;
    this.reviews = reviews;
    this.users = users;
  }

  @Override
  public Future<?> start() {
    client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setIdleTimeout(5),
            new PoolOptions().setHttp1MaxSize(256));
    return vertx
        .createHttpServer(new HttpServerOptions().setHost(HOST).setPort(port).setTcpNoDelay(true))
        .requestHandler(this::handle)
        .listen();
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if (path.startsWith("/s2/")) {
      compose(path.substring(4), request.response());
    } else if (path.startsWith("/s3/w")) {
      fanOut(path.substring(5), request.response());
    } else if (path.startsWith("/s8/")) {
      product(path.substring(4), request.response());
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
    Future.all(product, stock, found)
        .onComplete(
            all -> {
              if (all.failed()) {
                response.setStatusCode(502).end();
                return;
              }
              JsonObject p = new JsonObject(product.result());
              JsonArray shaped = new JsonArray();
              new JsonArray(found.result())
                  .forEach(item -> shaped.add(shapedReview((JsonObject) item)));
              JsonObject answer =
                  new JsonObject()
                      .put("id", p.getValue("id"))
                      .put("name", p.getValue("name"))
                      .put("price", wholeWithoutFraction(p.getValue("price")))
                      .put("available", new JsonObject(stock.result()).getValue("available"))
                      .put("reviews", shaped);
              response.putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(answer.toBuffer());
            });
  }

  /**
   * S3: {@code /s3/w{N}/{id}} reads the same product N times at once and answers them under c1..cN,
   * as scenarios.yaml's fan-out endpoints do (a lone call's body as it came; merged ones with whole
   * numbers written without a fraction, as Mosaic writes them); the slope of CPU per request over N
   * is the floor's cost of one more call.
   */
  private void fanOut(String widthAndId, HttpServerResponse response) {
    int slash = widthAndId.indexOf('/');
    int width = slash > 0 ? Integer.parseInt(widthAndId, 0, slash, 10) : 0;
    if (width < 1 || width > 64) {
      response.setStatusCode(404).end();
      return;
    }
    String uri = "/products/" + widthAndId.substring(slash + 1);
    java.util.List<Future<Buffer>> calls = new java.util.ArrayList<>(width);
    for (int i = 0; i < width; i++) {
      calls.add(get(catalog, uri));
    }
    Future.all(calls)
        .onComplete(
            all -> {
              if (all.failed()) {
                response.setStatusCode(502).end();
                return;
              }
              if (width == 1) { // Mosaic answers a lone call's body as the service gave it
                response.putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(calls.get(0).result());
                return;
              }
              JsonObject answer = new JsonObject();
              for (int i = 0; i < width; i++) {
                JsonObject product = new JsonObject(calls.get(i).result());
                product.forEach(field -> field.setValue(wholeWithoutFraction(field.getValue())));
                answer.put("c" + (i + 1), product);
              }
              response.putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(answer.toBuffer());
            });
  }

  /**
   * S8, the demo's product answer: product, stock and reviews at once, then the seller once the
   * product names it. Stock, reviews and seller are optional there, so a failure of one gives its
   * fallback (available null, no reviews, seller null) as Mosaic's would; the product is required.
   */
  private void product(String id, HttpServerResponse response) {
    if (!isProductId(id)) { // the demo's params: { id: "[0-9]{1,9}" }
      response.setStatusCode(400).end();
      return;
    }
    Future<JsonObject> product = get(catalog, "/products/" + id).map(JsonObject::new);
    Future<Buffer> stock = get(inventory, "/stock/" + id);
    Future<Buffer> found = get(reviews, "/reviews?productId=" + id + "&limit=5");
    Future<JsonObject> seller =
        product.compose(p -> get(users, "/users/" + p.getValue("sellerId"))).map(JsonObject::new);
    Future.join(product, stock, found, seller)
        .onComplete(
            joined -> {
              if (product.failed()) {
                response.setStatusCode(502).end();
                return;
              }
              JsonObject p = product.result();
              JsonArray all = found.succeeded() ? new JsonArray(found.result()) : new JsonArray();
              JsonArray shaped = new JsonArray();
              double ratingSum = 0;
              for (Object item : all) {
                JsonObject review = (JsonObject) item;
                ratingSum += review.getDouble("rating");
                shaped.add(shapedReview(review));
              }
              JsonObject answer =
                  new JsonObject()
                      .put("id", p.getValue("id"))
                      .put("name", p.getValue("name"))
                      .put("price", wholeWithoutFraction(p.getValue("price")))
                      .put(
                          "available",
                          stock.succeeded()
                              ? new JsonObject(stock.result()).getValue("available")
                              : null)
                      .put("rating", all.isEmpty() ? null : roundedRating(ratingSum / all.size()))
                      .put("reviews", shaped)
                      .put("seller", seller.succeeded() ? seller.result().getValue("name") : null);
              response.putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(answer.toBuffer());
            });
  }

  /** A review as the endpoint's response template keeps it: its rating and text. */
  private static JsonObject shapedReview(JsonObject review) {
    return new JsonObject()
        .put("rating", review.getValue("rating"))
        .put("text", review.getValue("text"));
  }

  private static boolean isProductId(String id) {
    if (id.isEmpty() || id.length() > 9) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      if (id.charAt(i) < '0' || id.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * JSONata's {@code $round(x, 1)} rounds half to even (3.25 is 3.2, 3.75 is 3.8), which {@link
   * Math#rint} does.
   */
  static Object roundedRating(double average) {
    return wholeWithoutFraction(Math.rint(average * 10) / 10);
  }

  /**
   * Mosaic computes in JSONata's doubles and writes a whole number without a fraction: the stub's
   * price 498.0 comes out as 498. The same JSON number either way, but the runner compares bytes.
   */
  static Object wholeWithoutFraction(Object value) {
    if (value instanceof Double d
        && d == Math.rint(d)
        && Math.abs(d) < 9.007199254740992E15) { // 2^53: exact
      return d.longValue();
    }
    return value;
  }

  private Future<Buffer> get(int servicePort, String uri) {
    return client
        .request(HttpMethod.GET, servicePort, HOST, uri)
        .compose(request -> request.send())
        .compose(
            answer ->
                answer.statusCode() == 200
                    ? answer.body()
                    : Future.failedFuture("status " + answer.statusCode()));
  }

  /** S1: the catalog's answer streamed back unparsed, with its status and content headers. */
  private void passThrough(String uri, HttpServerResponse response) {
    client
        .request(HttpMethod.GET, catalog, HOST, uri)
        .compose(request -> request.send())
        .onComplete(
            sent -> {
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
    int users = Integer.parseInt(args[4]);
    int cores = Runtime.getRuntime().availableProcessors();
    Vertx vertx =
        Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(cores));
    try {
      vertx
          .deployVerticle(
              () -> new FloorServer(port, catalog, inventory, reviews, users),
              new DeploymentOptions().setInstances(cores))
          .toCompletionStage()
          .toCompletableFuture()
          .get();
    } catch (ExecutionException e) {
      // exit, or Vert.x's threads keep the JVM up, and the runner, seeing the port answer, would
      // measure whatever else is listening there (a port already taken, say) as the floor
      System.err.println("FLOOR FAILED to start on port " + port + ": " + e.getCause());
      System.exit(1);
    }
    System.out.println("FLOOR READY " + port);
  }
}
