package dev.mosaic.gateway.saga;

import dev.mosaic.gateway.execution.Problem;
import dev.mosaic.gateway.execution.ResponseShaper;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.json.JsonCodec;
import dev.mosaic.gateway.saga.IdempotentRequests.StoredAnswer;
import dev.mosaic.gateway.time.Timeouts;
import dev.mosaic.rules.expression.EvaluationException;
import dev.mosaic.rules.plan.EndpointPlan;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes a saga this process took over from its log ({@link RecoveredSaga}): compensates what its
 * steps did (or confirms that all were done), logging each undo as a live saga does, then records
 * how it ended. Runs on the event loop of the callers it is given.
 */
public final class SagaRecovery {

  private static final Logger LOG = LoggerFactory.getLogger(SagaRecovery.class);

  private final SagaStore store;
  private final Timeouts timeouts;
  private final ServiceCaller clients;
  private final Function<String, EndpointPlan> routes;
  private final String instance;
  private final java.util.function.BiConsumer<String, String> onEnded;

  /**
   * @param routes the running config's endpoint for a route, or null when it has none
   * @param instance this process's name, for the record of who finished the saga
   * @param onEnded told each finished saga's route and state (metrics)
   */
  public SagaRecovery(
      SagaStore store,
      Timeouts timeouts,
      ServiceCaller clients,
      Function<String, EndpointPlan> routes,
      String instance,
      java.util.function.BiConsumer<String, String> onEnded) {
    this.onEnded = onEnded;
    this.store = store;
    this.timeouts = timeouts;
    this.clients = clients;
    this.routes = routes;
    this.instance = instance;
  }

  /**
   * Finishes a saga this process owns now (claimed or reopened).
   *
   * @return the state it ended in, or null when it vanished meanwhile
   */
  public Future<String> recover(String sagaId) {
    store.hold(sagaId);
    return store
        .bounded(timeouts, store.log().load(sagaId))
        .compose(
            record -> {
              if (record == null || record.isEnded()) {
                // gone, or ended here between the claim and now: nothing to finish
                store.lost(sagaId);
                return Future.succeededFuture(null);
              }
              return finish(record);
            })
        .onFailure(
            e -> {
              store.lost(sagaId);
              LOG.warn("saga {}: recovery stopped: {}", sagaId, e.toString());
            });
  }

  private Future<String> finish(SagaRecord record) {
    String sagaId = record.header().sagaId();
    String route = record.header().route();
    EndpointPlan endpoint = routes.apply(route);
    if (endpoint == null || endpoint.saga() == null) {
      LOG.error(
          "saga {} of {}: the running config has no such saga endpoint, so nothing can undo its"
              + " steps; left for an operator",
          sagaId,
          route);
      JsonObject problem =
          Problem.of(
                  502,
                  SagaPhases.STUCK,
                  "the gateway running this saga stopped, and the config no longer has " + route,
                  location(sagaId))
              .put("route", route)
              .put("sagaId", sagaId);
      return end(record, SagaPhases.STUCK, problemAnswer(sagaId, problem));
    }
    RecoveredSaga recovered = RecoveredSaga.of(record, endpoint);
    if (recovered.completed()) {
      LOG.info("saga {} of {}: every step was done before its gateway stopped", sagaId, route);
      return end(record, "completed", shaped(sagaId, endpoint, recovered));
    }
    LOG.warn(
        "saga {} of {}: its gateway stopped mid-saga; compensating {} step(s)",
        sagaId,
        route,
        recovered.toUndo().size());
    return new Compensations(
            timeouts, endpoint.saga(), recovered.context(), clients, sagaId, route, store)
        .run(recovered.toUndo())
        .compose(
            done -> {
              List<CompensationRecord> all = new ArrayList<>(recovered.alreadyUndone());
              all.addAll(done);
              SagaResult result = recovered.result(all, instance);
              String state = SagaOutcome.state(result);
              if (state.equals(SagaPhases.STUCK)) {
                LOG.warn(
                    "saga {} of {}: failed to compensate: {}",
                    sagaId,
                    route,
                    result.compensations());
              }
              return end(
                  record,
                  state,
                  problemAnswer(sagaId, SagaProblem.of(result, route, location(sagaId))));
            });
  }

  private Future<String> end(SagaRecord record, String state, StoredAnswer answer) {
    String sagaId = record.header().sagaId();
    return store
        .close(
            sagaId,
            state,
            SagaOutcome.ended(sagaId, record.header().route(), state, answer)
                .put("recoveredBy", instance),
            timeouts)
        .onSuccess(
            v -> {
              store.keys().answeredAfterRecovery(record.header().clientKey(), answer);
              onEnded.accept(record.header().route(), state);
            })
        .map(state);
  }

  private static StoredAnswer shaped(String sagaId, EndpointPlan endpoint, RecoveredSaga saga) {
    try {
      Buffer body = JsonCodec.encode(ResponseShaper.shape(endpoint, saga.context()));
      return new StoredAnswer(200, "application/json", body, sagaId);
    } catch (EvaluationException | IllegalStateException e) {
      return problemAnswer(
          sagaId,
          Problem.of(
                  500,
                  "template-error",
                  "every step was done, but the response template failed: " + e.getMessage(),
                  location(sagaId))
              .put("route", endpoint.route())
              .put("sagaId", sagaId));
    }
  }

  private static StoredAnswer problemAnswer(String sagaId, JsonObject problem) {
    return new StoredAnswer(
        problem.getInteger("status"), Problem.CONTENT_TYPE, problem.toBuffer(), sagaId);
  }

  private static String location(String sagaId) {
    return dev.mosaic.rules.plan.SagaPlan.STATES_PATH + sagaId;
  }
}
