package dev.mosaic.stubs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a stub does to each request besides answering it: wait, fail, hang, answer garbage, cut or
 * drip the body, start cold, and the count of requests it served. Changed at run time through the
 * control API, read from the stub's event loop; the fields are volatile because tests also change
 * them from their threads.
 */
public final class Behaviour {

  /** How many request lines are kept for {@code GET /_control}. */
  public static final int RECENT_LIMIT = 2000;

  private final LatencyModel initialLatency;
  private final double initialErrorRate;
  private final SplittableRandom random;

  private volatile LatencyModel latency;
  private volatile double errorRate;
  private volatile boolean hang;
  private volatile boolean garbage;
  private volatile boolean reset;
  private volatile int status;
  private volatile String cacheControl;
  private volatile long pausedUntilNanos;
  private volatile boolean resetMidBody;
  private volatile BodyFault.Drip drip;
  private final ColdStart coldStart = new ColdStart();
  private final AtomicLong requests = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicInteger inFlight =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger peakInFlight =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Deque<Arrival> recent = new ArrayDeque<>();

  /**
   * One served request as it arrived. The headers are kept as Vert.x handed them over and turned
   * into JSON only when asked for: converting every request's headers on the way in cost the stub
   * CPU per header, so whichever caller sent more headers looked like it made the service work
   * harder than parsing them does.
   */
  private record Arrival(String line, long at, io.vertx.core.MultiMap headers) {

    JsonObject headersJson() {
      JsonObject received = new JsonObject();
      headers
          .names()
          .forEach(
              name ->
                  received.put(
                      name.toLowerCase(java.util.Locale.ROOT),
                      String.join(", ", headers.getAll(name))));
      return received;
    }

    JsonObject describe() {
      return new JsonObject().put("line", line).put("at", at).put("headers", headersJson());
    }
  }

  public Behaviour(LatencyModel latency, double errorRate, long seed) {
    this.initialLatency = latency;
    this.initialErrorRate = errorRate;
    this.latency = latency;
    this.errorRate = errorRate;
    this.random = new SplittableRandom(seed);
  }

  /** Counts a request and remembers its line, e.g. "GET /products?ids=1,2", and its headers. */
  void record(String method, String uri, io.vertx.core.MultiMap headers) {
    requests.incrementAndGet();
    Arrival arrival = new Arrival(method + " " + uri, System.currentTimeMillis(), headers);
    synchronized (recent) {
      if (recent.size() == RECENT_LIMIT) {
        recent.removeFirst();
      }
      recent.addLast(arrival);
    }
  }

  /**
   * The headers each recent request arrived with (lower-case names; repeated headers joined with ",
   * "), in the same order as {@link #recentLines()}.
   */
  public java.util.List<JsonObject> recentHeaders() {
    synchronized (recent) {
      return recent.stream().map(Arrival::headersJson).toList();
    }
  }

  void started() {
    peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
  }

  void ended() {
    inFlight.decrementAndGet();
  }

  /** Requests accepted and not yet answered or abandoned. */
  public int inFlight() {
    return inFlight.get();
  }

  /** The most requests this service was answering at once since the last restore. */
  public int peakInFlight() {
    return peakInFlight.get();
  }

  /**
   * The request lines served since the last restore, oldest first, e.g. "GET /products?ids=1,2".
   */
  public java.util.List<String> recentLines() {
    synchronized (recent) {
      return recent.stream().map(Arrival::line).toList();
    }
  }

  /** When each recent request arrived (epoch ms), in the same order as {@link #recentLines()}. */
  public java.util.List<Long> recentArrivals() {
    synchronized (recent) {
      return recent.stream().map(Arrival::at).toList();
    }
  }

  synchronized long nextLatencyMillis() {
    long paused = Math.max(0, (pausedUntilNanos - System.nanoTime()) / 1_000_000);
    return paused + latency.nextMillis(random);
  }

  /**
   * Stops answering for {@code millis}: every request that arrives before the pause ends is held
   * until it ends (a GC pause or a stalled disk, as a client sees it).
   */
  public Behaviour pause(long millis) {
    this.pausedUntilNanos = System.nanoTime() + millis * 1_000_000;
    return this;
  }

  synchronized boolean nextFails() {
    return errorRate > 0 && random.nextDouble() < errorRate;
  }

  public boolean hangs() {
    return hang;
  }

  public boolean answersGarbage() {
    return garbage;
  }

  public boolean resetsConnections() {
    return reset;
  }

  /** What to do to the body of the next real answer, or null to send it as usual. */
  BodyFault bodyFault() {
    return BodyFault.of(drip, resetMidBody);
  }

  /** Notes a request's arrival; the ms it must wait for a cold start to finish, usually 0. */
  long coldStartWaitMillis() {
    return coldStart.admit();
  }

  /** Whether the next request would hit a cold start. */
  public boolean cold() {
    return coldStart.cold();
  }

  /** Cold starts since the last restore. */
  public long coldStarts() {
    return coldStart.starts();
  }

  /** A status every request gets instead of its real answer, or 0. */
  public int forcedStatus() {
    return status;
  }

  public long requests() {
    return requests.get();
  }

  public Behaviour latency(LatencyModel model) {
    this.latency = model;
    return this;
  }

  public Behaviour errorRate(double rate) {
    this.errorRate = rate;
    return this;
  }

  public Behaviour hang(boolean on) {
    this.hang = on;
    return this;
  }

  public Behaviour garbage(boolean on) {
    this.garbage = on;
    return this;
  }

  public Behaviour reset(boolean on) {
    this.reset = on;
    return this;
  }

  /** A Cache-Control header every real answer carries (null: none), as a service would send. */
  public Behaviour cacheControl(String value) {
    this.cacheControl = value;
    return this;
  }

  public String cacheControl() {
    return cacheControl;
  }

  public Behaviour status(int forced) {
    this.status = forced;
    return this;
  }

  /** Real answers send their headers and half their body, then the connection closes. */
  public Behaviour resetMidBody(boolean on) {
    this.resetMidBody = on;
    return this;
  }

  /** Real answers' bodies trickle out as {@code drip} says; null sends them whole. */
  public Behaviour drip(BodyFault.Drip drip) {
    this.drip = drip;
    return this;
  }

  /**
   * Starts cold after {@code settings.idle} without requests; null turns it off. Counts as warm
   * right now.
   */
  public Behaviour coldStart(ColdStart.Settings settings) {
    coldStart.set(settings);
    return this;
  }

  /** Back to the configured latency and error rate, no faults, counters at zero. */
  public void restore() {
    latency = initialLatency;
    errorRate = initialErrorRate;
    hang = false;
    garbage = false;
    reset = false;
    status = 0;
    cacheControl = null;
    pausedUntilNanos = 0;
    resetMidBody = false;
    drip = null;
    coldStart.restore();
    requests.set(0);
    peakInFlight.set(inFlight.get());
    synchronized (recent) {
      recent.clear();
    }
  }

  /** Applies a control request body; unknown fields are an error so typos are not ignored. */
  void apply(JsonObject change) {
    for (String field : change.fieldNames()) {
      Object value = change.getValue(field);
      switch (field) {
        case "latency" ->
            latency(LatencyModel.parse(value instanceof JsonObject o ? o.getMap() : value));
        case "errorRate" -> errorRate(((Number) value).doubleValue());
        case "hang" -> hang((Boolean) value);
        case "garbage" -> garbage((Boolean) value);
        case "reset" -> reset((Boolean) value);
        case "status" -> status(((Number) value).intValue());
        case "pause" -> pause(Math.round(((Number) value).doubleValue()));
        case "resetMidBody" -> resetMidBody((Boolean) value);
        case "drip" -> drip(BodyFault.Drip.parse(value));
        case "coldStart" -> coldStart(ColdStart.Settings.parse(value));
        case "cacheControl" -> cacheControl(value == null ? null : (String) value);
        case "refuse" -> {} // handled by the service: it closes or reopens its socket
        default -> throw new IllegalArgumentException("unknown control field '" + field + "'");
      }
    }
  }

  JsonObject describe() {
    JsonArray lines = new JsonArray();
    synchronized (recent) {
      recent.forEach(arrival -> lines.add(arrival.describe()));
    }
    BodyFault.Drip drip = this.drip;
    ColdStart.Settings coldSettings = coldStart.settings();
    return new JsonObject()
        .put("latency", latency.toString())
        .put("errorRate", errorRate)
        .put("hang", hang)
        .put("garbage", garbage)
        .put("reset", reset)
        .put("status", status)
        .put("cacheControl", cacheControl)
        .put("resetMidBody", resetMidBody)
        .put("drip", drip == null ? null : drip.describe())
        .put("coldStart", coldSettings == null ? null : coldSettings.describe())
        .put("cold", coldStart.cold())
        .put("coldStarts", coldStart.starts())
        .put("requests", requests.get())
        .put("inFlight", inFlight.get())
        .put("peakInFlight", peakInFlight.get())
        .put("recent", lines);
  }
}
