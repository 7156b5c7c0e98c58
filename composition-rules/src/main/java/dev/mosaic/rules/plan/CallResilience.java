package dev.mosaic.rules.plan;

/**
 * The retry and hedge one call gets: its own settings, else its service's, and none when the call
 * must not be repeated.
 *
 * @param retry null: the call is tried once
 * @param hedge null: never duplicated
 */
public record CallResilience(RetrySettings retry, HedgeSettings hedge) {

  public static final CallResilience NONE = new CallResilience(null, null);
}
