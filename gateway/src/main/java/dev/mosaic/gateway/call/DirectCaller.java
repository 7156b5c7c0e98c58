package dev.mosaic.gateway.call;

import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.InstanceCaller;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceCaller;

/** A service with one instance and nothing to learn from its latency: no balancing to do. */
final class DirectCaller implements ServiceCaller {

  private final InstanceCaller http;

  DirectCaller(InstanceCaller http) {
    this.http = http;
  }

  @Override
  public Exchange send(Outbound call) {
    return http.send(call, 0);
  }
}
