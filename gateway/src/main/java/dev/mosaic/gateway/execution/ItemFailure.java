package dev.mosaic.gateway.execution;

/**
 * One item of a partial forEach or batch call that took the item fallback.
 *
 * @param index its position in the call's list (for a batch, the position of the key in {@code
 *     over})
 * @param outcome the failure's label, as in Server-Timing and problem details
 * @param status the service's status when it answered one, else 0
 */
public record ItemFailure(int index, String outcome, int status) {}
