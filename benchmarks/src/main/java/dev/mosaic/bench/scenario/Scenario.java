package dev.mosaic.bench.scenario;

import java.util.List;

/**
 * One thing the runner measures: a URL on the gateway, on a stub directly, or on nginx.
 *
 * @param id S0..S7 (with a suffix for variants such as S3 widths)
 * @param target which process answers
 * @param path path on that process, {id} replaced per request
 * @param width for fan-out scenarios, the number of calls per request (0 otherwise)
 * @param sweep whether the full run also sweeps latency against load for it
 * @param ids {id} takes the values 1..ids (the seeded data has 10,000 products but 5,000 orders)
 */
public record Scenario(
    String id, String label, Target target, String path, int width, boolean sweep, int ids) {

  Scenario(String id, String label, Target target, String path, int width, boolean sweep) {
    this(id, label, target, path, width, sweep, 10_000);
  }

  public enum Target {
    GATEWAY,
    CATALOG,
    INVENTORY,
    REVIEWS,
    NGINX
  }

  /**
   * Every scenario measured at a share of its saturation, in run order. S7 (one optional service
   * hung) runs after them on its own terms ({@link HungOptional#SCENARIO}); S6 (cache hit) needs a
   * cache first.
   */
  public static List<Scenario> all() {
    return List.of(
        new Scenario("S0-catalog", "direct to catalog", Target.CATALOG, "/products/{id}", 0, false),
        new Scenario(
            "S0-inventory", "direct to inventory", Target.INVENTORY, "/stock/{id}", 0, false),
        new Scenario(
            "S0-reviews",
            "direct to reviews",
            Target.REVIEWS,
            "/reviews?productId={id}&limit=5",
            0,
            false),
        new Scenario("S1", "passthrough of one call", Target.GATEWAY, "/s1/products/{id}", 1, true),
        new Scenario(
            "S1-nginx", "nginx passthrough (peer)", Target.NGINX, "/products/{id}", 1, true),
        new Scenario("S2", "3-way fan-out, shaped", Target.GATEWAY, "/s2/{id}", 3, true),
        new Scenario("S3-w1", "fan-out width 1", Target.GATEWAY, "/s3/w1/{id}", 1, false),
        new Scenario("S3-w2", "fan-out width 2", Target.GATEWAY, "/s3/w2/{id}", 2, false),
        new Scenario("S3-w4", "fan-out width 4", Target.GATEWAY, "/s3/w4/{id}", 4, false),
        new Scenario("S3-w8", "fan-out width 8", Target.GATEWAY, "/s3/w8/{id}", 8, false),
        new Scenario("S3-w16", "fan-out width 16", Target.GATEWAY, "/s3/w16/{id}", 16, false),
        new Scenario("S4", "dependent chain of 3", Target.GATEWAY, "/s4/{id}", 3, false, 5_000),
        new Scenario(
            "S5-foreach", "forEach over 20 items", Target.GATEWAY, "/s5/foreach/{id}", 20, false),
        new Scenario("S5-batch", "batch of 20 items", Target.GATEWAY, "/s5/batch/{id}", 1, false));
  }

  public boolean isFanOutWidth() {
    return id.startsWith("S3-");
  }
}
