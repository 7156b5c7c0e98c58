package dev.mosaic.gateway.call;

import static org.junit.jupiter.api.Assertions.fail;

import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.InstanceCaller;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceCaller;

/**
 * A next layer that must never be reached (Lura's explosiveProxy): it fails the test when called.
 * It also counts, because a layer may call it inside a callback whose errors Vert.x swallows: tests
 * assert {@code calls() == 0} as well.
 */
public final class ExplosiveCaller implements ServiceCaller, InstanceCaller {

  private int calls;

  @Override
  public Exchange send(Outbound call) {
    calls++;
    return fail("the next layer was called: " + call.service().name() + " " + call.request().uri());
  }

  @Override
  public Exchange send(Outbound call, int instance) {
    return send(call);
  }

  public int calls() {
    return calls;
  }
}
