package dev.mosaic.gateway.execution;

import dev.mosaic.gateway.http.ServiceRequest;
import dev.mosaic.gateway.json.JsonCodec;
import dev.mosaic.rules.expression.EvaluationException;
import dev.mosaic.rules.expression.Expression;
import dev.mosaic.rules.expression.JsonText;
import dev.mosaic.rules.expression.UnsafeValueException;
import dev.mosaic.rules.expression.UrlTemplate;
import dev.mosaic.rules.expression.ValueTemplate;
import dev.mosaic.rules.plan.CallPlan;
import dev.mosaic.rules.plan.ContextNames;
import dev.mosaic.rules.plan.FanOut;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders the requests one call makes from the context: one for a plain call, one per item for
 * forEach, one per chunk of distinct keys for batch. Nothing is sent here, so an endpoint can
 * render every call that reads only the client's input before contacting any service.
 */
public final class CallRequests {

  /** Names and values hashed once, not on every call. */
  private static final CharSequence ACCEPT = HttpHeaders.createOptimized("accept");

  private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("content-type");
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

  /**
   * A token's claims are signed, but still the client's: a claim that breaks a URL or header is a
   * 400.
   */
  private static final Set<String> CLIENT_INPUT =
      Set.of(
          ContextNames.PATH,
          ContextNames.QUERY,
          ContextNames.HEADERS,
          ContextNames.BODY,
          ContextNames.AUTH);

  /** The rendered requests, plus for a batch the keys in input order and each chunk's keys. */
  public record Prepared(
      List<ServiceRequest> requests, List<Object> keys, List<List<Object>> chunks) {}

  /** The cache tags of a cached call for this request, rendered from the client's input. */
  public static List<String> tags(CallPlan call, Map<String, Object> context) {
    return call.cache() == null
        ? List.of()
        : dev.mosaic.gateway.cache.CacheTags.render(call.cache().tags(), context);
  }

  private CallRequests() {}

  public static Prepared prepare(CallPlan call, Map<String, Object> context)
      throws RequestInputException {
    try {
      FanOut fanOut = call.fanOut();
      if (fanOut == null) {
        return new Prepared(List.of(render(call, context, null)), null, null);
      }
      List<Object> items = asList(fanOut.over().evaluate(context));
      checkCount(fanOut, items);
      if (fanOut instanceof FanOut.ForEach) {
        List<ServiceRequest> requests = new ArrayList<>(items.size());
        for (Object item : items) {
          requests.add(render(call, new WithItem(context, item), null));
        }
        return new Prepared(requests, null, null);
      }
      FanOut.Batch batch = (FanOut.Batch) fanOut;
      Map<String, Object> distinct = new LinkedHashMap<>();
      for (Object key : items) {
        if (key != null) {
          distinct.putIfAbsent(JsonText.asText(key), key);
        }
      }
      List<List<Object>> chunks = new ArrayList<>();
      List<Object> all = new ArrayList<>(distinct.values());
      for (int i = 0; i < all.size(); i += batch.maxSize()) {
        chunks.add(all.subList(i, Math.min(all.size(), i + batch.maxSize())));
      }
      List<ServiceRequest> requests = new ArrayList<>(chunks.size());
      for (List<Object> chunk : chunks) {
        requests.add(render(call, context, chunk));
      }
      return new Prepared(requests, items, chunks);
    } catch (UnsafeValueException e) {
      throw new RequestInputException(blame(e.expression()), e.getMessage());
    } catch (EvaluationException e) {
      throw new RequestInputException(Reason.EVALUATION, e.getMessage());
    }
  }

  /**
   * Checks the values of this call that come from the client's input alone (path, query, headers,
   * body, auth), before anything is sent — also for calls that will only start later in the DAG.
   */
  public static void checkClientInput(CallPlan call, Map<String, Object> context)
      throws RequestInputException {
    try {
      call.url().check(context, CallRequests::readsOnlyClientInput);
      if (call.fanOut() != null && readsOnlyClientInput(call.fanOut().over())) {
        List<Object> items = asList(call.fanOut().over().evaluate(context));
        checkCount(call.fanOut(), items);
        if (call.fanOut() instanceof FanOut.Batch) {
          // else a client's [[1]] is only refused when the call starts, as the service's fault
          // (502)
          for (Object key : items) {
            UrlTemplate.checkListItem(call.fanOut().over(), key);
          }
        }
      }
      for (Map.Entry<String, ValueTemplate> h : call.headers().entrySet()) {
        List<Expression> expressions = h.getValue().expressions();
        if (!expressions.isEmpty()
            && expressions.stream().allMatch(CallRequests::readsOnlyClientInput)) {
          checkHeader(
              h.getKey(), JsonText.asText(h.getValue().render(context)), expressions.get(0));
        }
      }
    } catch (UnsafeValueException e) {
      throw new RequestInputException(Reason.BAD_INPUT, e.getMessage());
    } catch (EvaluationException e) {
      // these expressions read nothing but the client's input: that input does not fit them
      throw new RequestInputException(
          Reason.BAD_INPUT, "the request's input does not fit " + e.getMessage());
    }
  }

  private static void checkCount(FanOut fanOut, List<Object> items) throws UnsafeValueException {
    if (items.size() > fanOut.maxItems()) {
      throw new UnsafeValueException(
          fanOut.over(),
          fanOut.over()
              + " gave "
              + items.size()
              + " items, more than maxItems "
              + fanOut.maxItems());
    }
  }

  private static void checkHeader(String name, String value, Expression culprit)
      throws UnsafeValueException {
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
      throw new UnsafeValueException(culprit, "header " + name + " would contain a line break");
    }
  }

  /**
   * A saga step's compensation for this request, to the step's service.
   *
   * @throws RequestInputException {@code EVALUATION} when a template fails over the answers (a step
   *     that timed out has none), {@code BAD_UPSTREAM_VALUE} or {@code BAD_INPUT} for a value that
   *     cannot be sent
   */
  public static ServiceRequest compensation(
      dev.mosaic.rules.plan.Compensation compensation,
      dev.mosaic.rules.plan.ServicePlan service,
      Map<String, Object> context)
      throws RequestInputException {
    try {
      return request(
          compensation.method(),
          compensation.url().render(context),
          service,
          compensation.headers(),
          compensation.body(),
          context);
    } catch (UnsafeValueException e) {
      throw new RequestInputException(blame(e.expression()), e.getMessage());
    } catch (EvaluationException e) {
      throw new RequestInputException(Reason.EVALUATION, e.getMessage());
    }
  }

  private static ServiceRequest render(
      CallPlan call, Map<String, Object> context, Collection<Object> batchKeys)
      throws EvaluationException, UnsafeValueException {
    String uri =
        batchKeys == null
            ? call.url().render(context)
            : call.url().renderWithList(context, ((FanOut.Batch) call.fanOut()).param(), batchKeys);
    return request(call.method(), uri, call.service(), call.headers(), call.body(), context);
  }

  /**
   * A request to {@code service}: JSON accepted, the service's fixed headers, the rendered ones
   * (each checked), and the rendered JSON body when there is one.
   */
  private static ServiceRequest request(
      String method,
      String uri,
      dev.mosaic.rules.plan.ServicePlan service,
      Map<String, ValueTemplate> templates,
      ValueTemplate bodyTemplate,
      Map<String, Object> context)
      throws EvaluationException, UnsafeValueException {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    headers.set(ACCEPT, JSON);
    service.headers().forEach(headers::set);
    for (Map.Entry<String, ValueTemplate> h : templates.entrySet()) {
      String value = JsonText.asText(h.getValue().render(context));
      checkHeader(
          h.getKey(),
          value,
          h.getValue().expressions().isEmpty() ? null : h.getValue().expressions().get(0));
      headers.set(h.getKey(), value);
    }
    Buffer body = null;
    if (bodyTemplate != null) {
      body = JsonCodec.encode(bodyTemplate.render(context));
      headers.set(CONTENT_TYPE, JSON);
    }
    return new ServiceRequest(method, uri, headers, body);
  }

  /**
   * A value from the client's own input is the client's error; one from a service's answer is not.
   */
  private static Reason blame(Expression expression) {
    return expression != null && readsOnlyClientInput(expression)
        ? Reason.BAD_INPUT
        : Reason.BAD_UPSTREAM_VALUE;
  }

  /**
   * Whether {@code expression} reads nothing but the request (path, query, headers, body, auth).
   */
  static boolean readsOnlyClientInput(Expression expression) {
    return !expression.readsWholeContext() && CLIENT_INPUT.containsAll(expression.rootNames());
  }

  static List<Object> asList(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      return new ArrayList<>(list);
    }
    return List.of(value);
  }

  /** The context plus {@code item}, without copying the context for every element. */
  private static final class WithItem extends AbstractMap<String, Object> {
    private final Map<String, Object> base;
    private final Object item;

    WithItem(Map<String, Object> base, Object item) {
      this.base = base;
      this.item = item;
    }

    @Override
    public Object get(Object key) {
      return ContextNames.ITEM.equals(key) ? item : base.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return ContextNames.ITEM.equals(key) || base.containsKey(key);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      Map<String, Object> copy = new LinkedHashMap<>(base);
      copy.put(ContextNames.ITEM, item);
      return copy.entrySet();
    }
  }
}
