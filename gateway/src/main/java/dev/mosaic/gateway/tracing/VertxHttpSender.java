package dev.mosaic.gateway.tracing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The OTLP/HTTP exporter's transport: each batch posted with the gateway's own Vert.x HTTP client,
 * over one kept-alive HTTP/1.1 connection.
 *
 * <p>Why not the SDK's JDK HttpClient sender: on the tracing benchmark its threads cost more than
 * the export itself (an executor pool that writes each body, the client's selector and workers,
 * HTTP/2 framing once a collector accepts the h2c upgrade), and at a production sampling ratio its
 * code ran so rarely that it stayed half-compiled for minutes. Here the body is written on the
 * batch processor's thread and only the finished bytes go to an event loop: sending them is a
 * socket write there, never a wait.
 */
final class VertxHttpSender implements HttpSender {

  private final Context context;
  private final HttpClient client;
  private final URI endpoint;
  private final String contentType;
  private final Compressor compressor;
  private final Supplier<Map<String, List<String>>> headers;
  private final long timeoutMillis;
  private final long maxResponseBytes;

  VertxHttpSender(Vertx vertx, HttpSenderConfig config) {
    this.endpoint = config.getEndpoint();
    this.contentType = config.getContentType();
    this.compressor = config.getCompressor();
    this.headers = config.getHeadersSupplier();
    this.timeoutMillis = Math.max(1, config.getTimeout().toMillis());
    this.maxResponseBytes = config.getMaxResponseBodySize();
    boolean tls = "https".equalsIgnoreCase(endpoint.getScheme());
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setSsl(tls)
                .setConnectTimeout((int) Math.max(1, config.getConnectTimeout().toMillis()))
                .setKeepAlive(true)
                .setKeepAliveTimeout(30),
            // one export at a time (the batch processor waits for each): a second connection only
            // for the flush at shutdown racing a scheduled batch
            new PoolOptions().setHttp1MaxSize(2));
    // a context of its own: the caller's (a verticle's, when built during a start) may be
    // undeployed by a reload while the export lives on
    this.context = ((VertxInternal) vertx).createEventLoopContext();
  }

  @Override
  public void send(
      MessageWriter message, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
    Buffer body;
    try {
      body = write(message);
    } catch (IOException | RuntimeException e) {
      onError.accept(e);
      return;
    }
    context.runOnContext(
        v ->
            post(body)
                .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .onSuccess(onResponse::accept)
                .onFailure(onError::accept));
  }

  /**
   * The request body, written here (the batch processor's thread), not on the event loop, straight
   * into the buffer that is sent: a byte stream and its copies would make three arrays of the
   * batch's size per export, each one more for the collector to zero and to collect.
   */
  private Buffer write(MessageWriter message) throws IOException {
    ByteBuf bytes = Unpooled.buffer(Math.max(64, message.getContentLength()));
    try (OutputStream out = new ByteBufOutputStream(bytes)) {
      if (compressor == null) {
        message.writeMessage(out);
      } else {
        try (OutputStream compressed = compressor.compress(out)) {
          message.writeMessage(compressed);
        }
      }
    }
    return BufferInternal.buffer(bytes);
  }

  private Future<HttpResponse> post(Buffer body) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(endpoint.toString())
            .setTimeout(timeoutMillis);
    return client
        .request(options)
        .compose(
            request -> {
              putHeaders(request);
              return request.send(body);
            })
        .compose(this::answer);
  }

  private void putHeaders(HttpClientRequest request) {
    request.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
    if (compressor != null) {
      request.putHeader(HttpHeaders.CONTENT_ENCODING, compressor.getEncoding());
    }
    Map<String, List<String>> extra = headers.get();
    if (extra != null) {
      extra.forEach((name, values) -> request.putHeader(name, values));
    }
  }

  private Future<HttpResponse> answer(HttpClientResponse response) {
    String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && parsedOr(length, 0) > maxResponseBytes) {
      // the status says enough; a collector's oversized error body is not read into memory
      response.request().reset();
      return Future.succeededFuture(
          new Answer(response.statusCode(), response.statusMessage(), new byte[0]));
    }
    return response
        .body()
        .map(
            bytes ->
                new Answer(
                    response.statusCode(),
                    response.statusMessage(),
                    bytes.length() > maxResponseBytes ? new byte[0] : bytes.getBytes()));
  }

  private static long parsedOr(String number, long otherwise) {
    try {
      return Long.parseLong(number.trim());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  @Override
  public CompletableResultCode shutdown() {
    CompletableResultCode closed = new CompletableResultCode();
    client.close().onComplete(done -> closed.succeed());
    return closed;
  }

  /** A collector's answer, as the exporter reads it. */
  private static final class Answer implements HttpResponse {
    private final int status;
    private final String message;
    private final byte[] body;

    Answer(int status, String message, byte[] body) {
      this.status = status;
      this.message = message;
      this.body = body;
    }

    @Override
    public int getStatusCode() {
      return status;
    }

    @Override
    public String getStatusMessage() {
      return message;
    }

    @Override
    public byte[] getResponseBody() {
      return body;
    }
  }
}
