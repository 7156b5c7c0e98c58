package dev.mosaic.gateway.saga;

import dev.mosaic.gateway.json.JsonCodec;
import dev.mosaic.gateway.redis.HashTag;
import dev.mosaic.gateway.redis.LuaScript;
import dev.mosaic.gateway.redis.PerLoopRedis;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The durable saga log, in Redis, shared by every gateway instance. Per saga a hash (its header,
 * owner, phase and, once ended, its outcome) and a stream of its events, both under a key
 * hash-tagged with the saga id; one sorted set of running sagas scored by their lease's end, and
 * one of sagas that failed to compensate. Every write that depends on owning the saga is one Lua
 * script that checks the owner first, so an instance that lost the lease cannot write. The owner is
 * a token of the process ({@code name#random}): two processes never share one, whatever their
 * names.
 *
 * <p>Times are Redis's own ({@code TIME}), so instances whose clocks disagree still agree on when a
 * lease lapsed. Ended sagas are kept for {@link SagaStore#KEEP}; one that failed to compensate is
 * kept until an operator's retry ends it.
 */
public final class RedisSagaLog implements SagaLog {

  /** The hash tag of every saga key on a Redis Cluster (with the client keys' entries). */
  static final String SLOT = "mosaic:saga";

  static final String PREFIX = "mosaic:saga:";
  static final String OPEN = "mosaic:sagas:open";
  static final String STUCK = "mosaic:sagas:stuck";

  private static final String NOW =
      """
      if redis.replicate_commands then redis.replicate_commands() end
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      """;

  /**
   * KEYS: hash, open. ARGV: id, owner, lease ms, route, caller ('' for none), request, the client's
   * key entry ('' for none), its Redis key ('' for none), keep seconds. The client's key is kept as
   * long as a saga's outcome from here on (it was claimed for a short while only).
   */
  private static final LuaScript OPEN_SCRIPT =
      new LuaScript(
          NOW
              + """
              redis.call('HSET', KEYS[1], 'route', ARGV[4], 'request', ARGV[6],
                'instance', ARGV[2], 'phase', 'running', 'opened', now)
              if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'caller', ARGV[5]) end
              if ARGV[7] ~= '' then redis.call('HSET', KEYS[1], 'key', ARGV[7]) end
              if ARGV[8] ~= '' then redis.call('EXPIRE', ARGV[8], ARGV[9]) end
              redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[1])
              return 1
              """);

  /** KEYS: hash, log. ARGV: instance, event, new phase ('' to keep it). */
  private static final LuaScript APPEND_SCRIPT =
      new LuaScript(
          """
          if redis.call('HGET', KEYS[1], 'instance') ~= ARGV[1] then
            return redis.error_reply('LEASELOST')
          end
          redis.call('XADD', KEYS[2], '*', 'e', ARGV[2])
          if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'phase', ARGV[3]) end
          return 1
          """);

  /** KEYS: hash, log, open, stuck. ARGV: instance, id, state, ended, keep seconds. */
  private static final LuaScript CLOSE_SCRIPT =
      new LuaScript(
          NOW
              + """
              if redis.call('HGET', KEYS[1], 'instance') ~= ARGV[1] then
                return redis.error_reply('LEASELOST')
              end
              redis.call('HSET', KEYS[1], 'phase', ARGV[3], 'ended', ARGV[4])
              redis.call('ZREM', KEYS[3], ARGV[2])
              if ARGV[3] == 'failed-to-compensate' then
                redis.call('ZADD', KEYS[4], now, ARGV[2])
                redis.call('PERSIST', KEYS[1])
                redis.call('PERSIST', KEYS[2])
              else
                redis.call('ZREM', KEYS[4], ARGV[2])
                redis.call('EXPIRE', KEYS[1], ARGV[5])
                redis.call('EXPIRE', KEYS[2], ARGV[5])
              end
              return 1
              """);

  /** KEYS: open. ARGV: instance, lease ms, prefix, ids... */
  private static final LuaScript RENEW_SCRIPT =
      new LuaScript(
          NOW
              + """
              for i = 4, #ARGV do
                local hash = ARGV[3] .. '{' .. ARGV[i] .. '}'
                if redis.call('HGET', hash, 'instance') == ARGV[1] then
                  redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[i])
                end
              end
              return 1
              """);

  /**
   * KEYS: open. ARGV: owner token, lease ms, prefix, max, own, name prefix ({@code name#}). Takes
   * sagas whose lease lapsed, and with own 1 (at start) those of an earlier process of the same
   * name whatever their lease (it restarted: that process is gone). A saga with no hash left is
   * dropped from the set. A lapsed saga of this process may still run here (its renewals failed):
   * the caller leaves those it holds alone. Returns the ids taken.
   */
  private static final LuaScript CLAIM_SCRIPT =
      new LuaScript(
          NOW
              + """
              local max = tonumber(ARGV[4])
              local taken = {}
              local candidates
              if ARGV[5] == '1' then
                candidates = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
              else
                candidates = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'WITHSCORES',
                  'LIMIT', 0, max)
              end
              for i = 1, #candidates, 2 do
                if #taken >= max then break end
                local id = candidates[i]
                local hash = ARGV[3] .. '{' .. id .. '}'
                local owner = redis.call('HGET', hash, 'instance')
                local lapsed = tonumber(candidates[i + 1]) <= now
                local mine = owner and string.sub(owner, 1, #ARGV[6]) == ARGV[6]
                if not owner then
                  redis.call('ZREM', KEYS[1], id)
                elseif lapsed or (ARGV[5] == '1' and mine) then
                  redis.call('HSET', hash, 'instance', ARGV[1])
                  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), id)
                  taken[#taken + 1] = id
                end
              end
              return taken
              """);

  /** KEYS: hash, open, stuck. ARGV: instance, id, lease ms. */
  private static final LuaScript REOPEN_SCRIPT =
      new LuaScript(
          NOW
              + """
              if redis.call('HGET', KEYS[1], 'phase') ~= 'failed-to-compensate' then return 0 end
              redis.call('ZREM', KEYS[3], ARGV[2])
              redis.call('HSET', KEYS[1], 'instance', ARGV[1], 'phase', 'compensating')
              redis.call('HDEL', KEYS[1], 'ended')
              redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[2])
              return 1
              """);

  /**
   * KEYS: open. ARGV: prefix, phase, max. Running or compensating sagas, newest lease first: {id,
   * route, phase, instance}...
   */
  private static final LuaScript LIST_OPEN_SCRIPT =
      new LuaScript(
          """
          local found = {}
          local ids = redis.call('ZRANGE', KEYS[1], 0, -1, 'REV')
          for _, id in ipairs(ids) do
            if #found >= tonumber(ARGV[3]) * 4 then break end
            local fields = redis.call('HMGET', ARGV[1] .. '{' .. id .. '}', 'route', 'phase',
              'instance')
            if fields[2] == ARGV[2] then
              found[#found + 1] = id
              found[#found + 1] = fields[1] or ''
              found[#found + 1] = fields[2]
              found[#found + 1] = fields[3] or ''
            end
          end
          return found
          """);

  private final PerLoopRedis redis;

  /** This process's token: its name and 64 random bits, what the owner checks compare. */
  private final String instance;

  private final String name;
  private final long leaseMillis;

  /** Every key a saga script touches, in one slot of a cluster: the scripts touch several. */
  private final HashTag tag;

  private final String prefix;
  private final String open;
  private final String stuck;

  /**
   * @param name this process's name in the log: stable across its restarts, so that a restarted
   *     gateway takes its own sagas back at once instead of waiting out their lease
   */
  RedisSagaLog(PerLoopRedis redis, String name, Duration lease) {
    this.redis = redis;
    this.name = name;
    this.instance = name + "#" + SagaIds.next().substring(0, 16);
    this.leaseMillis = lease.toMillis();
    this.tag = HashTag.of(redis, SLOT);
    this.prefix = tag.key(PREFIX);
    this.open = tag.key(OPEN);
    this.stuck = tag.key(STUCK);
  }

  /** A saga's hash as a single server names it (a cluster's has the {@link #SLOT} tag first). */
  static String hash(String sagaId) {
    return PREFIX + "{" + sagaId + "}";
  }

  static String log(String sagaId) {
    return hash(sagaId) + ":log";
  }

  private String hashKey(String sagaId) {
    return tag.key(hash(sagaId));
  }

  private String logKey(String sagaId) {
    return tag.key(log(sagaId));
  }

  @Override
  public boolean durable() {
    return true;
  }

  @Override
  public Future<Void> open(SagaHeader header) {
    return OPEN_SCRIPT
        .run(
            redis,
            List.of(hashKey(header.sagaId()), open),
            List.of(
                header.sagaId(),
                instance,
                Long.toString(leaseMillis),
                header.route(),
                header.caller() == null ? "" : header.caller(),
                JsonCodec.encode(header.request()).toString(),
                header.clientKey() == null ? "" : header.clientKey(),
                header.clientKey() == null ? "" : tag.key(SharedKeys.redisKey(header.clientKey())),
                Long.toString(SagaStore.KEEP.toSeconds())))
        .mapEmpty();
  }

  @Override
  public Future<Void> append(String sagaId, SagaEvent event) {
    String phase = event.type() == SagaEvent.Type.UNDO_SENT ? SagaPhases.COMPENSATING : "";
    return APPEND_SCRIPT
        .run(
            redis,
            List.of(hashKey(sagaId), logKey(sagaId)),
            List.of(instance, JsonCodec.encode(event.toMap()).toString(), phase))
        .<Void>mapEmpty()
        .recover(e -> Future.failedFuture(leaseLost(e) ? new LeaseLost(sagaId) : e));
  }

  @Override
  public Future<Void> close(String sagaId, String state, JsonObject ended) {
    return CLOSE_SCRIPT
        .run(
            redis,
            List.of(hashKey(sagaId), logKey(sagaId), open, stuck),
            List.of(
                instance, sagaId, state, ended.encode(), Long.toString(SagaStore.KEEP.toSeconds())))
        .<Void>mapEmpty()
        .recover(e -> Future.failedFuture(leaseLost(e) ? new LeaseLost(sagaId) : e));
  }

  /** The scripts' own refusal; Redis 7 sends a bare error_reply as "ERR LEASELOST". */
  private static boolean leaseLost(Throwable e) {
    return e.getMessage() != null && e.getMessage().contains("LEASELOST");
  }

  @Override
  public Future<SagaRecord> load(String sagaId) {
    return redis
        .batch(
            List.of(
                Request.cmd(Command.HGETALL).arg(hashKey(sagaId)),
                Request.cmd(Command.XRANGE).arg(logKey(sagaId)).arg("-").arg("+")))
        .map(answers -> record(sagaId, answers.get(0), answers.get(1)));
  }

  private static SagaRecord record(String sagaId, Response fields, Response entries) {
    if (fields == null || fields.size() == 0) {
      return null;
    }
    Map<String, Object> request;
    List<SagaEvent> events = new ArrayList<>();
    try {
      request = asMap(JsonCodec.parse(Buffer.buffer(text(fields, "request", "{}"))));
      if (entries != null) {
        for (Response entry : entries) {
          // [id, [field, value]]: the one field is the event
          Response pair = entry.get(1);
          events.add(SagaEvent.fromMap(asMap(JsonCodec.parse(pair.get(1).toBuffer()))));
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("saga " + sagaId + ": its log cannot be read: " + e, e);
    }
    String ended = text(fields, "ended", null);
    return new SagaRecord(
        new SagaHeader(
            sagaId,
            text(fields, "route", ""),
            text(fields, "caller", null),
            request,
            text(fields, "key", null)),
        events,
        text(fields, "phase", SagaPhases.RUNNING),
        ended == null ? null : new JsonObject(ended));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object parsed) {
    if (!(parsed instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("not a JSON object: " + parsed);
    }
    return (Map<String, Object>) map;
  }

  private static String text(Response hash, String field, String orElse) {
    Response value = hash.get(field);
    return value == null ? orElse : value.toString();
  }

  @Override
  public Future<Void> renew(Collection<String> sagaIds) {
    if (sagaIds.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> args = new ArrayList<>(sagaIds.size() + 3);
    args.add(instance);
    args.add(Long.toString(leaseMillis));
    args.add(prefix);
    args.addAll(sagaIds);
    return RENEW_SCRIPT.run(redis, List.of(open), args).mapEmpty();
  }

  @Override
  public Future<List<String>> claimAbandoned(int max) {
    return claim(max, false);
  }

  /** Also takes this instance's own running sagas, whatever their lease: it restarted. */
  public Future<List<String>> claimOwnAndAbandoned(int max) {
    return claim(max, true);
  }

  private Future<List<String>> claim(int max, boolean own) {
    return CLAIM_SCRIPT
        .run(
            redis,
            List.of(open),
            List.of(
                instance,
                Long.toString(leaseMillis),
                prefix,
                Integer.toString(max),
                own ? "1" : "0",
                name + "#"))
        .map(
            taken -> {
              List<String> ids = new ArrayList<>(taken.size());
              taken.forEach(id -> ids.add(id.toString()));
              return ids;
            });
  }

  @Override
  public Future<Boolean> reopen(String sagaId) {
    return REOPEN_SCRIPT
        .run(
            redis,
            List.of(hashKey(sagaId), open, stuck),
            List.of(instance, sagaId, Long.toString(leaseMillis)))
        .map(answer -> answer.toInteger() == 1);
  }

  @Override
  public Future<List<JsonObject>> list(String state, int max) {
    if (state.equals(SagaPhases.STUCK)) {
      return redis
          .send(Request.cmd(Command.ZRANGE).arg(stuck).arg(0).arg(max - 1).arg("REV"))
          .compose(this::endedViews);
    }
    return LIST_OPEN_SCRIPT
        .run(redis, List.of(open), List.of(prefix, state, Integer.toString(max)))
        .map(
            found -> {
              List<JsonObject> views = new ArrayList<>();
              for (int i = 0; i + 3 < found.size(); i += 4) {
                views.add(
                    new JsonObject()
                        .put("id", found.get(i).toString())
                        .put("route", found.get(i + 1).toString())
                        .put("state", found.get(i + 2).toString())
                        .put("instance", found.get(i + 3).toString()));
              }
              return views;
            });
  }

  private Future<List<JsonObject>> endedViews(Response ids) {
    if (ids == null || ids.size() == 0) {
      return Future.succeededFuture(List.of());
    }
    List<Request> reads = new ArrayList<>();
    for (Response id : ids) {
      reads.add(Request.cmd(Command.HGET).arg(hashKey(id.toString())).arg("ended"));
    }
    return redis
        .batch(reads)
        .map(
            answers -> {
              List<JsonObject> views = new ArrayList<>();
              for (Response ended : answers) {
                if (ended != null) {
                  views.add(new JsonObject(ended.toString()));
                }
              }
              return views;
            });
  }

  @Override
  public void close() {
    redis.close();
  }
}
