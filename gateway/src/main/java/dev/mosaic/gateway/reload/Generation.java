package dev.mosaic.gateway.reload;

import dev.mosaic.gateway.resilience.Guards;
import dev.mosaic.rules.plan.GatewayPlan;
import java.time.Instant;

/**
 * One compiled config as it serves: the plan, the process-wide guards built for it, and where it
 * came from. The gateway holds exactly one at a time; a reload builds the next and swaps it in.
 *
 * @param number 1 for the config the gateway started with, +1 per applied reload
 * @param configText the config's YAML as read, for the admin API (redacted there), or null
 */
public record Generation(
    long number, GatewayPlan plan, Guards guards, String configText, Instant loadedAt) {}
