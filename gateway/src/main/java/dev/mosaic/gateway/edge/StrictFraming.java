package dev.mosaic.gateway.edge;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Keeps the evidence of a smuggling attempt where {@link FramingCheck} can see it.
 *
 * <p>Netty's decoder, meeting both {@code Content-Length} and {@code Transfer-Encoding: chunked},
 * silently drops the length and reads the body as chunked (RFC 9112 §6.1 allows that, but also says
 * such a message "ought to be handled as an error" and the connection closed, because a proxy in
 * front may have framed it by the length). Vert.x offers no option for it, so each new connection's
 * decoder is replaced by one that leaves both headers in place; the request is then refused with
 * 400 and its connection closed before anything reads the body.
 *
 * <p>This reaches into Vert.x internals ({@code ConnectionBase}, the pipeline's {@code
 * httpDecoder}); {@code EdgeAdversarialTest} fails if a Vert.x upgrade moves them, and the check
 * then degrades to Netty's own behaviour rather than breaking requests.
 */
final class StrictFraming {

  private static final String DECODER = "httpDecoder";

  private StrictFraming() {}

  /**
   * Called as a connection opens, before any of its bytes are decoded. (That holds because the
   * listener never enables cleartext HTTP/2: Vert.x's h2c detection decodes a connection's first
   * request before announcing the connection, too late to swap the decoder.)
   */
  static void apply(HttpConnection connection, HttpServerOptions options) {
    if (connection instanceof ConnectionBase base) {
      ChannelPipeline pipeline = base.channel().pipeline();
      if (pipeline.get(DECODER) instanceof VertxHttpRequestDecoder) {
        pipeline.replace(DECODER, DECODER, new LengthKeepingDecoder(options));
      }
    }
  }

  /**
   * Closes at once, after what was written is flushed: a refused head's connection must not decode
   * one more byte, since where the next request starts is exactly what is in doubt. Vert.x's own
   * close waits for requests it has already decoded from the same read and answers them too.
   */
  @SuppressWarnings("FutureReturnValueIgnored") // dropped, not awaited: nothing follows the close
  static void closeNow(HttpConnection connection) {
    if (connection instanceof ConnectionBase base) {
      base.channel().close();
    } else {
      connection.close();
    }
  }

  private static final class LengthKeepingDecoder extends VertxHttpRequestDecoder {
    LengthKeepingDecoder(HttpServerOptions options) {
      super(options);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
      // keep Content-Length: FramingCheck refuses the request and closes the connection
    }
  }
}
