package dev.mosaic.stubs;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * A fault in the body of a real answer, the kind a client only notices after it has the status and
 * headers: the body is cut off half-way by closing the connection ({@code resetMidBody}), or
 * dripped a few bytes at a time ({@code drip}), or both (dripped up to the half, then cut). The
 * headers always carry the full body's Content-Length, so a client can tell a cut body from a short
 * one.
 *
 * <p>The behaviour handler attaches one to the requests whose real answer should suffer it (under
 * {@link #KEY}); {@link Replies#json} hands such bodies here instead of ending the response itself.
 */
public final class BodyFault {

  static final String KEY = "dev.mosaic.stubs.bodyFault";

  /** Write the body {@code bytes} at a time with {@code everyMillis} between writes. */
  public record Drip(int bytes, long everyMillis) {

    private static final Set<String> FIELDS = Set.of("bytes", "every");

    public Drip {
      // every >= 1 ms: a drip is paced by timers, and a 0 ms timer is not one
      if (bytes < 1 || everyMillis < 1) {
        throw new IllegalArgumentException(
            "drip needs bytes >= 1 and every >= 1ms, got bytes="
                + bytes
                + ", every="
                + everyMillis
                + "ms");
      }
    }

    /**
     * {@code {"bytes": 16, "every": "50ms"}} (every may be a number of ms); null turns dripping
     * off.
     */
    static Drip parse(Object value) {
      if (value == null) {
        return null;
      }
      if (!(value instanceof JsonObject spec)) {
        throw new IllegalArgumentException(
            "drip is {\"bytes\": 16, \"every\": \"50ms\"} or null, got " + value);
      }
      for (String field : spec.fieldNames()) {
        if (!FIELDS.contains(field)) {
          throw new IllegalArgumentException("unknown drip field '" + field + "' (bytes, every)");
        }
      }
      if (!(spec.getValue("bytes") instanceof Number bytes)) {
        throw new IllegalArgumentException(
            "drip.bytes is required and is a number, got " + spec.getValue("bytes"));
      }
      return new Drip(
          bytes.intValue(), Durations.wholeMillis(spec.getValue("every"), "drip.every", 1));
    }

    JsonObject describe() {
      return new JsonObject().put("bytes", bytes).put("every", everyMillis + "ms");
    }
  }

  private final Drip drip;
  private final boolean cut;

  private BodyFault(Drip drip, boolean cut) {
    this.drip = drip;
    this.cut = cut;
  }

  /** The fault for these settings, or null when the body goes out as usual. */
  static BodyFault of(Drip drip, boolean resetMidBody) {
    return drip == null && !resetMidBody ? null : new BodyFault(drip, resetMidBody);
  }

  /** Sends {@code body} as the answer the response's status and headers already describe. */
  void send(RoutingContext ctx, Buffer body) {
    ctx.response().putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length()));
    int stopAt = cut ? body.length() / 2 : body.length();
    int step = drip != null ? drip.bytes() : Math.max(1, stopAt);
    writeFrom(ctx, body, 0, stopAt, step);
  }

  private void writeFrom(RoutingContext ctx, Buffer body, int from, int stopAt, int step) {
    HttpServerResponse response = ctx.response();
    if (response.closed()) {
      return; // the client went away: nobody left to write to
    }
    int to = Math.min(from + step, stopAt);
    Buffer piece = body.getBuffer(from, to);
    if (to == body.length()) {
      response.end(piece);
      return;
    }
    // the next piece waits for this one to reach the socket, so a client that stops reading stalls
    // the drip instead of piling the whole body up in the server
    response
        .write(piece)
        .onSuccess(
            written -> {
              if (to == stopAt) {
                ctx.request().connection().close();
              } else {
                ctx.vertx()
                    .setTimer(drip.everyMillis(), id -> writeFrom(ctx, body, to, stopAt, step));
              }
            });
  }
}
