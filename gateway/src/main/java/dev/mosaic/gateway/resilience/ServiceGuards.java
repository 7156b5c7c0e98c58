package dev.mosaic.gateway.resilience;

/**
 * The process-wide resilience state of one service, shared by every event loop: one breaker, one
 * bulkhead, one retry budget, one view of its instances. Breakers are per process, not per
 * verticle, or each loop would need its own failures to learn the same thing.
 *
 * @param breaker null when the service has none
 * @param bulkhead null when the service has none
 * @param latency null unless some call hedges on an observed percentile
 * @param callBudget null when the service has none
 */
public record ServiceGuards(
    String service,
    ServiceBreaker breaker,
    Bulkhead bulkhead,
    RetryAllowance budget,
    LatencyTracker latency,
    InstancePool instances,
    ServiceBudget callBudget) {}
