package dev.mosaic.rules.plan;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An endpoint's route, compiled by {@link RouteCompiler}.
 *
 * @param path the path as written, {@code /products/{id}}
 * @param params the path's parameter names, in order
 * @param patterns the regular expressions some parameters must match, by name
 */
record Route(String method, String path, List<String> params, Map<String, Pattern> patterns) {}
