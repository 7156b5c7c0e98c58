package dev.mosaic.gateway.event;

import dev.mosaic.gateway.logging.ThrottledWarning;
import dev.mosaic.gateway.redis.PerLoopRedis;
import dev.mosaic.gateway.redis.RedisTopology;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change events on a Redis Stream, read through a consumer group of this gateway's own: every
 * gateway sees every event, and one that was down resumes from its group's position, so nothing
 * appended meanwhile is lost (pub/sub drops what nobody hears).
 *
 * <p>One dedicated connection blocks in {@code XREADGROUP}; after a restart it first reads the
 * entries it was handed but never acknowledged (id {@code 0}), then new ones ({@code >}). A batch
 * is applied (its entries at once: applying commutes) and acknowledged once applied: a process
 * killed between the two applies the batch again (applying is idempotent: it marks and drops). A
 * malformed entry is counted, logged at most every 10 s, and acknowledged, so it never blocks the
 * stream.
 */
public final class RedisEventLog implements EventLog {

  private static final Logger LOG = LoggerFactory.getLogger(RedisEventLog.class);
  private static final int BATCH = 128;
  private static final long BLOCK_MILLIS = 1_000;
  private static final long MAX_BACKOFF_MILLIS = 5_000;
  private static final long LAG_PERIOD_MILLIS = 2_000;
  private static final String CONSUMER = "gateway";

  /** A blocking read answers within its block time; past this more, the connection is dead. */
  private static final long READ_GRACE_MILLIS = 5_000;

  /** How long start waits for the group before the gateway serves anyway (it goes on trying). */
  private static final long START_WAIT_MILLIS = 3_000;

  /** An append (a write's announcement, a purge) waits no longer; then it answers without one. */
  static final long APPEND_TIMEOUT_MILLIS = 1_000;

  private final Vertx vertx;
  private final String url;
  private final PerLoopRedis commands;
  private final String stream;
  private final String group;
  private final long maxLength;
  private final boolean dropGroupOnClose;
  private final ConsumerProgress progress = new ConsumerProgress(System::currentTimeMillis);
  private final ThrottledWarning malformedWarning =
      new ThrottledWarning(10, TimeUnit.SECONDS, System::nanoTime);
  private final Consumer<String> malformed;
  private Redis reader;
  private RedisConnection connection;
  private Context context;
  private EventApplier applier;
  private volatile boolean closed;
  private long backoffMillis = 100;
  private long lagTimer = -1;
  private final io.vertx.core.Promise<Void> reading = io.vertx.core.Promise.promise();

  /** Whether pending entries (handed over before a restart, never acknowledged) are read first. */
  private boolean readingPending = true;

  /**
   * @param group this gateway's consumer group: its position in the stream
   * @param dropGroupOnClose whether the group goes with the process (a name made up for one run)
   * @param malformed told why, for each entry that is not a change event
   */
  public RedisEventLog(
      Vertx vertx,
      String url,
      String stream,
      String group,
      long maxLength,
      boolean dropGroupOnClose,
      Consumer<String> malformed) {
    this.vertx = vertx;
    this.url = url;
    this.commands = PerLoopRedis.connect(vertx, url, "mosaic-events");
    this.stream = stream;
    this.group = group;
    this.maxLength = maxLength;
    this.dropGroupOnClose = dropGroupOnClose;
    this.malformed = malformed;
  }

  @Override
  public Future<StreamPosition> append(List<String> tags) {
    return commands
        .send(
            Request.cmd(Command.XADD)
                .arg(stream)
                .arg("MAXLEN")
                .arg("~")
                .arg(maxLength)
                .arg("*")
                .arg(EventPayload.FIELD)
                .arg(EventPayload.encode(tags)))
        .map(id -> StreamPosition.parse(id.toString()))
        .timeout(APPEND_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public Future<Void> start(EventApplier applier) {
    this.applier = applier;
    this.context = vertx.getOrCreateContext();
    this.reader =
        Redis.createClient(
            vertx,
            RedisTopology.of(url)
                // a cluster connection holds one socket per node (XREADGROUP goes to the
                // stream's; a failover breaks it, and it is opened again with the new slots)
                .options(RedisTopology.of(url).cluster() ? 4 : 1)
                // the blocking read's reply parsed as arrays, whichever protocol the server offers
                .setPreferredProtocolVersion(ProtocolVersion.RESP2));
    context.runOnContext(v -> connect());
    lagTimer = vertx.setPeriodic(LAG_PERIOD_MILLIS, id -> measureLag());
    vertx.setTimer(
        START_WAIT_MILLIS,
        id ->
            reading.tryFail("the event stream did not answer within " + START_WAIT_MILLIS + "ms"));
    return reading.future();
  }

  private void connect() {
    if (closed) {
      return;
    }
    reader
        .connect()
        .compose(
            opened -> {
              connection = opened;
              opened.exceptionHandler(e -> LOG.debug("event stream connection: {}", e.toString()));
              return opened
                  .send(
                      Request.cmd(Command.XGROUP)
                          .arg("CREATE")
                          .arg(stream)
                          .arg(group)
                          .arg("$")
                          .arg("MKSTREAM"))
                  .recover(
                      e ->
                          String.valueOf(e.getMessage()).startsWith("BUSYGROUP")
                              ? Future.succeededFuture() // the group exists: resume from it
                              : Future.failedFuture(e));
            })
        .onComplete(
            created -> {
              if (created.failed()) {
                reading.tryFail(created.cause());
                retryLater(created.cause());
                return;
              }
              reading.tryComplete();
              backoffMillis = 100;
              readingPending = true;
              read();
            });
  }

  private void read() {
    if (closed) {
      return;
    }
    RedisConnection conn = connection;
    // a half-open connection never answers a blocking read: past its block time and a grace, it
    // is closed and opened again, and meanwhile the consumer counts as behind
    long watchdog =
        vertx.setTimer(
            BLOCK_MILLIS + READ_GRACE_MILLIS,
            id -> {
              conn.close();
              retryLater(new IllegalStateException("no answer to a blocking read"));
            });
    conn.send(
            Request.cmd(Command.XREADGROUP)
                .arg("GROUP")
                .arg(group)
                .arg(CONSUMER)
                .arg("COUNT")
                .arg(BATCH)
                .arg("BLOCK")
                .arg(BLOCK_MILLIS)
                .arg("STREAMS")
                .arg(stream)
                .arg(readingPending ? "0" : ">"))
        .onComplete(
            reply -> {
              if (!vertx.cancelTimer(watchdog)) {
                return; // the watchdog gave up on this connection already
              }
              try {
                handle(conn, reply);
              } catch (RuntimeException e) { // an answer of a shape it cannot read
                conn.close();
                retryLater(e);
              }
            });
  }

  private void handle(RedisConnection conn, io.vertx.core.AsyncResult<Response> reply) {
    if (reply.failed()) {
      conn.close();
      retryLater(reply.cause());
      return;
    }
    List<Response> entries = entries(reply.result());
    if (entries.isEmpty()) {
      if (readingPending) {
        readingPending = false; // what was pending is applied; now what is new, then caught up
      } else {
        progress.caughtUp();
      }
      read();
      return;
    }
    applyAll(entries)
        .compose(this::acknowledge)
        .onComplete(
            applied -> {
              if (applied.failed()) {
                conn.close();
                retryLater(applied.cause());
                return;
              }
              if (!readingPending && entries.size() < BATCH) {
                progress.caughtUp();
              }
              read();
            });
  }

  /** [[stream, [[id, [field, value, ...]], ...]]], or nil when the block timed out. */
  private static List<Response> entries(Response reply) {
    List<Response> entries = new ArrayList<>();
    if (reply == null || reply.size() == 0) {
      return entries;
    }
    Response perStream = reply.get(0).get(1);
    if (perStream != null) {
      for (Response entry : perStream) {
        entries.add(entry);
      }
    }
    return entries;
  }

  /**
   * Applies a batch's entries at once (marking a view and dropping a cache entry commute: a mark
   * keeps the latest position whatever the order), then reports the batch applied up to its last
   * entry; collects their ids for the acknowledgement.
   */
  private Future<List<String>> applyAll(List<Response> entries) {
    List<String> ids = new ArrayList<>(entries.size());
    List<Future<Void>> applying = new ArrayList<>(entries.size());
    StreamPosition last = null;
    for (Response entry : entries) {
      String id = entry.get(0).toString();
      StreamPosition position = StreamPosition.parse(id);
      if (last == null) {
        progress.behind(position);
      }
      last = position;
      ids.add(id);
      List<String> tags = tags(id, entry.size() > 1 ? entry.get(1) : null);
      if (tags == null) {
        continue;
      }
      try {
        applying.add(applier.apply(new ChangeEvent(position, tags)));
      } catch (RuntimeException e) {
        applying.add(Future.failedFuture(e));
      }
    }
    StreamPosition through = last;
    return Future.all(applying)
        .map(
            all -> {
              progress.applied(through);
              return ids;
            });
  }

  /** The entry's tags, or null (counted and acknowledged) when it is no change event. */
  private List<String> tags(String id, Response fields) {
    String payload = null;
    if (fields != null) {
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        if (EventPayload.FIELD.equals(fields.get(i).toString())) {
          payload = fields.get(i + 1).toString();
        }
      }
    }
    try {
      if (payload == null) {
        throw new IllegalArgumentException("no '" + EventPayload.FIELD + "' field");
      }
      return EventPayload.tags(payload);
    } catch (IllegalArgumentException e) {
      malformed.accept(e.getMessage());
      long count = malformedWarning.occurred();
      if (count > 0) {
        LOG.warn(
            "event stream {}: skipped {} malformed entr{} (latest {}: {}); expected {}: {{\"tags\":[...]}}",
            stream,
            count,
            count == 1 ? "y" : "ies",
            id,
            e.getMessage(),
            EventPayload.FIELD);
      }
      return null;
    }
  }

  private Future<Void> acknowledge(List<String> ids) {
    Request ack = Request.cmd(Command.XACK).arg(stream).arg(group);
    ids.forEach(ack::arg);
    return connection.send(ack).mapEmpty();
  }

  private void retryLater(Throwable cause) {
    if (closed) {
      return;
    }
    progress.disconnected();
    LOG.warn(
        "event stream {}: {}; reading again in {}ms (views are served live meanwhile once past their maxLag)",
        stream,
        cause.getMessage(),
        backoffMillis);
    long delay = backoffMillis;
    backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
    vertx.setTimer(delay, id -> context.runOnContext(v -> connect()));
  }

  /** Entries appended that this group has not read yet ({@code XINFO GROUPS}' lag, Redis 7). */
  private void measureLag() {
    commands
        .send(Request.cmd(Command.XINFO).arg("GROUPS").arg(stream))
        .onSuccess(
            groups -> {
              for (Response info : groups) {
                if (group.equals(field(info, "name"))) {
                  String lag = field(info, "lag");
                  String pending = field(info, "pending");
                  long entries =
                      (lag == null ? 0 : Long.parseLong(lag))
                          + (pending == null ? 0 : Long.parseLong(pending));
                  progress.lagEntries(entries);
                }
              }
            });
  }

  /** A field of an XINFO reply: a map in RESP3, a flat list of names and values in RESP2. */
  private static String field(Response info, String name) {
    Response value;
    if (info.getKeys() != null && !info.getKeys().isEmpty()) {
      value = info.get(name);
    } else {
      value = null;
      for (int i = 0; i + 1 < info.size(); i += 2) {
        if (name.equals(info.get(i).toString())) {
          value = info.get(i + 1);
        }
      }
    }
    return value == null ? null : value.toString();
  }

  @Override
  public ConsumerProgress progress() {
    return progress;
  }

  @Override
  public JsonObject describe() {
    return new JsonObject()
        .put("store", "redis")
        .put("stream", stream)
        .put("group", group)
        .put("applied", progress.applied().toString())
        .put("lagMillis", progress.lagMillis())
        .put("lagEntries", progress.lagEntries());
  }

  @Override
  public Future<Void> close() {
    closed = true;
    if (lagTimer >= 0) {
      vertx.cancelTimer(lagTimer);
    }
    Future<?> dropped =
        dropGroupOnClose
            ? commands
                .send(Request.cmd(Command.XGROUP).arg("DESTROY").arg(stream).arg(group))
                .otherwiseEmpty()
            : Future.succeededFuture();
    return dropped.transform(
        v -> {
          if (connection != null) {
            connection.close();
          }
          if (reader != null) {
            reader.close();
          }
          commands.close();
          return Future.<Void>succeededFuture();
        });
  }
}
