package dev.mosaic.gateway.tracing;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * What the OTLP exporter looks up through service loading: its HTTP transport is {@link
 * VertxHttpSender} on this gateway's Vert.x; anything else (a compressor) comes from the class path
 * as usual. Given to the exporter's builder, so no other sender on the class path can be picked.
 */
final class VertxSenderLoader implements ComponentLoader {

  private final Vertx vertx;
  private final ComponentLoader classPath =
      ComponentLoader.forClassLoader(VertxSenderLoader.class.getClassLoader());

  VertxSenderLoader(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public <T> Iterable<T> load(Class<T> type) {
    if (type == HttpSenderProvider.class) {
      HttpSenderProvider vertxSender = config -> new VertxHttpSender(vertx, config);
      return List.of(type.cast(vertxSender));
    }
    return classPath.load(type);
  }
}
