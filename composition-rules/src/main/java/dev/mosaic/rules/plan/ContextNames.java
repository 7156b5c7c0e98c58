package dev.mosaic.rules.plan;

import java.util.Set;

/** The names an expression can read besides call results, and the names calls may not take. */
public final class ContextNames {

  public static final String PATH = "path";
  public static final String QUERY = "query";
  public static final String HEADERS = "headers";
  public static final String BODY = "body";

  /** The current element inside a forEach call's path, headers and body. */
  public static final String ITEM = "item";

  /** The claims of the request's verified bearer token, on an endpoint with {@code auth:}. */
  public static final String AUTH = "auth";

  static final Set<String> REQUEST = Set.of(PATH, QUERY, HEADERS, BODY);

  /** Context names, names kept for later features, and JSONata words that cannot be names. */
  static final Set<String> RESERVED =
      Set.of(
          PATH, QUERY, HEADERS, BODY, ITEM, AUTH, "request", "secret", "and", "or", "in", "true",
          "false", "null");

  private ContextNames() {}
}
