package dev.mosaic.bench.scenario;

import java.util.List;

/**
 * One kind of request the floor comparison sends to Mosaic and to the hand-written floor ({@link
 * dev.mosaic.bench.peer.FloorServer}), and to nginx where nginx can do it too. Paths are prefixes:
 * each request appends an id from 1..{@link dev.mosaic.bench.load.Wrk#IDS}.
 *
 * @param name a word or two for tables and charts
 * @param label what it does, in a sentence
 * @param nginxPath null when nginx is no peer for it (it cannot compose)
 */
public record FloorWorkload(
    String id, String name, String label, String mosaicPath, String floorPath, String nginxPath) {

  public static List<FloorWorkload> all() {
    return List.of(
        new FloorWorkload(
            "S1",
            "passthrough",
            "one call, streamed",
            "/s1/products/",
            "/s1/products/",
            "/products/"),
        new FloorWorkload("S2", "composition", "3 calls at once, shaped", "/s2/", "/s2/", null),
        new FloorWorkload(
            "S8",
            "demo product",
            "the demo's product answer: 3 calls at once, then the seller, shaped",
            "/s8/",
            "/s8/",
            null),
        new FloorWorkload(
            WIDTH_1, "fan-out ×1", "one call, its body as answer", "/s3/w1/", "/s3/w1/", null),
        new FloorWorkload(
            WIDTH_16, "fan-out ×16", "16 calls at once, merged", "/s3/w16/", "/s3/w16/", null));
  }

  /** The two fan-out widths whose difference gives the cost of one more call. */
  public static final String WIDTH_1 = "S3-w1";

  public static final String WIDTH_16 = "S3-w16";

  /** Calls per request of {@link #WIDTH_16} less those of {@link #WIDTH_1}. */
  public static final int EXTRA_CALLS = 15;

  /** "S2 composition". */
  public String title() {
    return id + " " + name;
  }

  public String path(FloorTarget target) {
    return switch (target) {
      case MOSAIC -> mosaicPath;
      case FLOOR -> floorPath;
      case NGINX -> nginxPath;
    };
  }
}
