package dev.mosaic.rules.plan;

/**
 * How many calls per second a service should receive from this gateway process: the guard against a
 * read pattern that quietly multiplies the bill of a pay-per-request backend.
 *
 * @param perSecond calls per second beyond which the budget is exceeded
 * @param enforce whether calls over the budget are turned away (a cached answer or the call's
 *     fallback stands in) rather than only reported
 */
public record CallBudget(int perSecond, boolean enforce) {}
