package dev.mosaic.gateway.saga;

/**
 * How one step of a saga ended, for the problem a failed saga answers.
 *
 * @param outcome {@code ok}, {@code not-started}, or the failure's label ({@code timeout} for a
 *     step that may have been done)
 * @param status the service's status when it answered, else 0
 */
public record StepRecord(String name, String service, String outcome, int status) {}
