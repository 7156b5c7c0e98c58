package dev.mosaic.gateway.http;

import dev.mosaic.rules.plan.ServicePlan;

/**
 * What the executor sends calls through. Today {@link ServiceClients} (plain HTTP); the resilience
 * and caching decorators of shared/DESIGN.md will wrap it, each one a {@code ServiceCaller} around
 * the next, so the call stack is built in one place.
 */
public interface ServiceCaller {

  Exchange send(ServicePlan service, ServiceRequest request);
}
