package dev.mosaic.gateway.redis;

import dev.mosaic.rules.plan.RedisAddress;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;

/**
 * How the gateway reaches the Redis a config names: one server, or a Redis Cluster through
 * vertx-redis-client's cluster mode (it learns the slots from the seeds, routes each command by its
 * key, follows MOVED/ASK, and refreshes the slots every {@link #TOPOLOGY_TTL_MILLIS} so a failover
 * is picked up).
 */
public final class RedisTopology {

  /** How often a cluster's slot map is read again: a failover is noticed within this. */
  static final int TOPOLOGY_TTL_MILLIS = 1_000;

  private final RedisAddress address;

  private RedisTopology(RedisAddress address) {
    this.address = address;
  }

  /**
   * @param url as the plan holds it (the config was checked, so it parses)
   */
  public static RedisTopology of(String url) {
    return new RedisTopology(RedisAddress.parse(url));
  }

  public boolean cluster() {
    return address.cluster();
  }

  /**
   * Options for a client that sends commands by key, with room for {@code poolSize} connections.
   */
  public RedisOptions options(int poolSize) {
    RedisOptions options = new RedisOptions().setMaxPoolSize(poolSize);
    if (!address.cluster()) {
      return options.setConnectionString(address.nodes().get(0));
    }
    options
        .setType(RedisClientType.CLUSTER)
        .setUseReplicas(RedisReplicas.NEVER)
        .setTopologyCacheTTL(TOPOLOGY_TTL_MILLIS);
    address.nodes().forEach(options::addConnectionString);
    return options;
  }

  /**
   * Options for one node, the {@code attempt}-th seed round-robin: where a subscription goes (a
   * cluster broadcasts PUBLISH to every node, so any node hears every message; a node that is gone
   * is skipped by the next attempt).
   */
  public RedisOptions node(int attempt) {
    return new RedisOptions()
        .setConnectionString(address.nodes().get(Math.floorMod(attempt, address.nodes().size())))
        .setMaxPoolSize(1);
  }
}
