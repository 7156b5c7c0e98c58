package dev.mosaic.gateway.edge;

import dev.mosaic.gateway.execution.Problem;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * A request head the decoder could not read (a request line past {@code maxUrlLength}, a head past
 * {@code maxHeaderSize}, a line that is not HTTP) is refused like every other refusal: an RFC 9457
 * problem, then the connection closes, since where the next request would start is unknown.
 *
 * <p>Written on the channel, not through Vert.x's response: for such a head Netty makes a
 * placeholder request of version HTTP/1.0, and Vert.x answers in the request's version, so a client
 * speaking HTTP/1.1 would get an HTTP/1.0 status line.
 */
final class UnreadableHead {

  private UnreadableHead() {}

  /** Why a head failed to decode, by the decoder's reason. */
  static FramingCheck.Refusal refusal(DecoderResult result) {
    Throwable cause = result == null ? null : result.cause();
    if (cause instanceof TooLongHttpLineException) {
      return new FramingCheck.Refusal(
          414, "uri-too-long", "the request line is longer than this gateway accepts");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new FramingCheck.Refusal(
          431,
          "header-too-large",
          "the request's header fields are larger than this gateway accepts");
    }
    return new FramingCheck.Refusal(400, "bad-request", "the request head is not valid HTTP/1.1");
  }

  /** Answers {@code request}, whose head failed to decode, and closes its connection. */
  static void refuse(HttpServerRequest request, EdgeMeters meters) {
    FramingCheck.Refusal refusal = refusal(request.decoderResult());
    meters.refused(refusal.type());
    JsonObject problem = Problem.of(refusal.status(), refusal.type(), refusal.detail(), null);
    problem.remove("instance"); // the decoder's placeholder path is not the client's
    byte[] body = problem.toBuffer().getBytes();
    if (!(request.connection() instanceof ConnectionBase base)) {
      request
          .response()
          .setStatusCode(refusal.status())
          .putHeader("content-type", Problem.CONTENT_TYPE)
          .putHeader("connection", "close")
          .end(io.vertx.core.buffer.Buffer.buffer(body))
          .onComplete(done -> request.connection().close());
      return;
    }
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(refusal.status()),
            Unpooled.wrappedBuffer(body));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, Problem.CONTENT_TYPE)
        .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    base.channel().writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
