package dev.mosaic.gateway.saga;

import java.util.Map;

/**
 * What a saga's log holds before its first step: enough for another process to compensate it
 * without the request that started it.
 *
 * @param route the endpoint, e.g. {@code POST /checkout}; recovery looks its plan up by it
 * @param caller the caller's {@code sub} on an endpoint with {@code auth:}, else null (who may read
 *     {@code GET /sagas/{id}})
 * @param request the request's inputs as the templates read them (path, query, the headers the
 *     endpoint declares, body, auth claims): what compensations read besides the steps' answers
 * @param clientKey the client's own {@code Idempotency-Key} entry, else null: a recovered saga's
 *     outcome is stored there so the client's retry gets it
 */
public record SagaHeader(
    String sagaId, String route, String caller, Map<String, Object> request, String clientKey) {}
