package dev.mosaic.gateway.execution;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * RFC 9457 problem details. Lists each call's outcome and status, never a service's body: a
 * backend's error text can carry internals the client must not see.
 */
public final class Problem {

  public static final String CONTENT_TYPE = "application/problem+json";

  private Problem() {}

  public static JsonObject of(int status, String type, String detail, String instance) {
    return new JsonObject()
        .put("type", "urn:mosaic:problem:" + type)
        .put("title", title(status))
        .put("status", status)
        .put("detail", detail)
        .put("instance", instance);
  }

  public static JsonObject withCalls(JsonObject problem, String route, List<CallRecord> calls) {
    JsonArray list = new JsonArray();
    for (CallRecord record : calls) {
      JsonObject call =
          new JsonObject()
              .put("name", record.call().name())
              .put("service", record.call().service().name())
              .put("outcome", record.label());
      if (record.outcome() instanceof CallOutcome.Failed failed && failed.status() > 0) {
        call.put("status", failed.status());
      } else if (record.outcome() instanceof CallOutcome.Ok ok) {
        call.put("status", ok.status());
        if (ok.partial()) {
          call.put("failedItems", failedItems(ok.failedItems()));
        }
      }
      if (record.outcome() != null) {
        call.put("durationMs", Math.round(record.millis() * 100) / 100.0);
      }
      list.add(call);
    }
    return problem.put("route", route).put("calls", list);
  }

  private static JsonArray failedItems(List<ItemFailure> failures) {
    JsonArray items = new JsonArray();
    for (ItemFailure failure : failures) {
      JsonObject item =
          new JsonObject().put("index", failure.index()).put("outcome", failure.outcome());
      if (failure.status() > 0) {
        item.put("status", failure.status());
      }
      items.add(item);
    }
    return items;
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> status >= 500 ? "Server Error" : "Client Error";
    };
  }
}
