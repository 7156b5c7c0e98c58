package dev.mosaic.gateway.view;

import dev.mosaic.gateway.event.StreamPosition;
import dev.mosaic.gateway.logging.AbsorbedFailures;
import dev.mosaic.gateway.redis.BudgetedReply;
import dev.mosaic.gateway.redis.HashTag;
import dev.mosaic.gateway.redis.LuaScript;
import dev.mosaic.gateway.redis.PerLoopRedis;
import dev.mosaic.gateway.time.Timeouts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Views in Redis: one hash per view ({@code mosaic:view:<sha-256 of its key>}: body, inputs, tags,
 * position), and per tag the position of the last event naming it ({@code mosaic:view-tag:<tag>}).
 * Each operation is one Lua script, so "store unless newer" and "fresh unless a tag moved past it"
 * are atomic. Views are kept a day past their last refresh and tag positions two, so a tag position
 * never expires before a view it could make stale.
 *
 * <p>Like the cache's shared tier, it may only make the gateway more available: a load past its
 * budget or failing is a miss, a save is fire-and-forget, failures are logged at most every 10 s.
 */
public final class RedisViewStore implements ViewStore {

  private static final Logger LOG = LoggerFactory.getLogger(RedisViewStore.class);
  private static final String VIEW_PREFIX = "mosaic:view:";
  private static final String TAG_PREFIX = "mosaic:view-tag:";
  static final long VIEW_TTL_SECONDS = 86_400;
  static final long TAG_TTL_SECONDS = 2 * VIEW_TTL_SECONDS;

  /** Whether position a is after position b; positions are "<millis>-<sequence>". */
  private static final String AFTER =
      """
      local function after(a, b)
        local am, as = string.match(a, '^(%d+)-(%d+)$')
        local bm, bs = string.match(b, '^(%d+)-(%d+)$')
        am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
        if am ~= bm then return am > bm end
        return as > bs
      end
      """;

  /** KEYS[1] the view; ARGV: position, ttl, then field, value pairs. 1 if stored. */
  private static final LuaScript SAVE =
      new LuaScript(
          AFTER
              + """
              local held = redis.call('HGET', KEYS[1], 'p')
              if held and after(held, ARGV[1]) then return 0 end
              redis.call('DEL', KEYS[1])
              local fields = {'p', ARGV[1]}
              for i = 3, #ARGV do fields[#fields + 1] = ARGV[i] end
              redis.call('HSET', KEYS[1], unpack(fields))
              redis.call('EXPIRE', KEYS[1], ARGV[2])
              return 1
              """);

  /** KEYS[1] the view, KEYS[2..] its tags. The view's fields, or nil when missing or stale. */
  private static final LuaScript LOAD =
      new LuaScript(
          AFTER
              + """
              local p = redis.call('HGET', KEYS[1], 'p')
              if not p then return nil end
              for i = 2, #KEYS do
                local changed = redis.call('GET', KEYS[i])
                if changed and after(changed, p) then return nil end
              end
              return redis.call('HMGET', KEYS[1], 'p', 'b', 'i', 't', 'r', 'k', 'c')
              """);

  /** KEYS: tags; ARGV: position, ttl. Each tag's position moves forward only. */
  private static final LuaScript CHANGED =
      new LuaScript(
          AFTER
              + """
              for i = 1, #KEYS do
                local held = redis.call('GET', KEYS[i])
                if not held or after(ARGV[1], held) then
                  redis.call('SET', KEYS[i], ARGV[1], 'EX', ARGV[2])
                end
              end
              return 1
              """);

  private final PerLoopRedis redis;
  private final long budgetNanos;
  private final AbsorbedFailures failures;
  private final HashTag tag;

  public RedisViewStore(Vertx vertx, String url, long budgetNanos) {
    this.redis = PerLoopRedis.connect(vertx, url, "mosaic-views");
    // a view's script reads its tags' keys too: on a cluster every view key shares one slot
    this.tag = HashTag.of(redis, "mosaic:view");
    this.budgetNanos = budgetNanos;
    this.failures =
        new AbsorbedFailures(
            LOG,
            "Redis view store: {} ({} failure(s) in the last {}s); composing live instead",
            System::nanoTime);
  }

  @Override
  public Future<StoredView> load(String key, List<String> tags, Timeouts timeouts) {
    if (redis.resting()) {
      failures.failed("not read: resting after failures", null);
      return Future.succeededFuture();
    }
    List<String> keys = new ArrayList<>(tags.size() + 1);
    keys.add(tag.key(VIEW_PREFIX + digest(key)));
    tags.forEach(name -> keys.add(tag.key(TAG_PREFIX + name)));
    return BudgetedReply.await(
        LOAD.run(redis, keys, List.of()),
        timeouts,
        budgetNanos,
        fields -> decode(key, fields),
        e -> failures.failed("read failed", e),
        () -> {
          failures.failed("read over its " + budgetNanos / 1_000_000 + "ms budget", null);
          redis.overBudget();
        });
  }

  /** Null for a missing or stale view, or one whose key's digest collided. */
  private StoredView decode(String key, Response fields) {
    if (fields == null || fields.size() < 7 || fields.get(0) == null) {
      return null;
    }
    try {
      if (!key.equals(fields.get(5).toString())) {
        return null;
      }
      List<String> tags = new ArrayList<>();
      new JsonArray(fields.get(3).toString()).forEach(tag -> tags.add((String) tag));
      return new StoredView(
          key,
          fields.get(4).toString(),
          ViewInputs.fromJson(new JsonObject(fields.get(2).toString())),
          tags,
          Buffer.buffer(fields.get(1).toBytes()),
          StreamPosition.parse(fields.get(0).toString()),
          Long.parseLong(fields.get(6).toString()));
    } catch (RuntimeException e) {
      failures.failed("a stored view could not be read", e);
      return null;
    }
  }

  @Override
  public void save(StoredView view) {
    SAVE.run(
            redis,
            List.of(tag.key(VIEW_PREFIX + digest(view.key()))),
            List.of(
                view.position().toString(),
                Long.toString(VIEW_TTL_SECONDS),
                "b",
                view.body().toString(StandardCharsets.UTF_8),
                "i",
                view.inputs().toJson().encode(),
                "t",
                new JsonArray(view.tags()).encode(),
                "r",
                view.route(),
                "k",
                view.key(),
                "c",
                Long.toString(view.composedAtMillis())))
        .onFailure(e -> failures.failed("write failed", e));
  }

  @Override
  public Future<Void> changed(List<String> tags, StreamPosition position) {
    if (tags.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> keys = new ArrayList<>(tags.size());
    tags.forEach(name -> keys.add(tag.key(TAG_PREFIX + name)));
    return CHANGED
        .run(redis, keys, List.of(position.toString(), Long.toString(TAG_TTL_SECONDS)))
        .mapEmpty();
  }

  @Override
  public void close() {
    redis.close();
  }

  private static String digest(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
