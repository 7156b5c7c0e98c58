package dev.mosaic.rules.plan;

import java.time.Duration;

/**
 * Pings to a service's health path: {@code connections} per instance and event loop at start-up
 * (the pool is open before the first real call), then one per instance {@code every} (null: only at
 * start-up) so a serverless backend stays warm.
 */
public record WarmupSettings(String path, Duration every, int connections) {}
