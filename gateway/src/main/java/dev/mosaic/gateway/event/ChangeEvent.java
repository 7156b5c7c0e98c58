package dev.mosaic.gateway.event;

import java.util.List;

/** One entry of the stream: what changed (its tags) and where the entry is. */
public record ChangeEvent(StreamPosition position, List<String> tags) {

  public ChangeEvent {
    tags = List.copyOf(tags);
  }
}
