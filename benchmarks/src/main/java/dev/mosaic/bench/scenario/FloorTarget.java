package dev.mosaic.bench.scenario;

/** Who answers in the floor comparison. */
public enum FloorTarget {
  MOSAIC("Mosaic"),
  /** {@link dev.mosaic.bench.peer.FloorServer}: the same work hand-written with Vert.x alone. */
  FLOOR("floor"),
  NGINX("nginx");

  private final String label;

  FloorTarget(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
