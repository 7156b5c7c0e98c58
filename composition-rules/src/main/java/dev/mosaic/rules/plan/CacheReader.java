package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import dev.mosaic.rules.expression.ValueTemplate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a call's {@code cache:} key. A cached answer is shared by every client whose call renders
 * the same request, so a call that forwards the client's identity in a header may only be cached
 * with that header in the key ({@code vary}): never served to another user.
 */
final class CacheReader {

  /** Headers that carry who the client is. */
  private static final Set<String> IDENTITY =
      Set.of("authorization", "cookie", "proxy-authorization");

  private CacheReader() {}

  /**
   * @return the settings, or null when the call is not cached
   */
  /**
   * @param headers the call's own headers: those with {@code ${...}} carry something per request
   */
  static CallCache call(
      Fields call, String method, java.util.Map<String, ValueTemplate> headers, Problems problems) {
    ConfigNode.MapNode node = call.map("cache");
    if (node == null) {
      return null;
    }
    Fields f = new Fields(node, problems);
    if (!method.equals("GET") && !method.equals("HEAD")) {
      problems.add(
          node.position(), "only GET and HEAD calls can be cached; this call is a " + method);
      return null;
    }
    List<String> vary = new ArrayList<>();
    if (f.node("vary") instanceof ConfigNode.ListNode list) {
      for (ConfigNode item : list.items()) {
        if (item instanceof ConfigNode.ScalarNode s && s.value() instanceof String name) {
          vary.add(name.toLowerCase(Locale.ROOT));
        }
      }
    }
    for (java.util.Map.Entry<String, ValueTemplate> h : headers.entrySet()) {
      String header = h.getKey();
      String name = header.toLowerCase(Locale.ROOT);
      boolean perRequest = h.getValue() != null && !h.getValue().expressions().isEmpty();
      if (IDENTITY.contains(name) && perRequest && !vary.contains(name)) {
        problems.add(
            node.position(),
            "this call forwards the client's "
                + header
                + ": caching it without '"
                + header
                + "' in vary would serve one user's answer to another (add vary: ["
                + header
                + "])");
      } else if (readsAuth(h.getValue()) && !vary.contains(name)) {
        problems.add(
            node.position(),
            "this call's "
                + header
                + " header carries the token's claims (auth): caching"
                + " it without '"
                + header
                + "' in vary would serve one user's answer to another (add vary: ["
                + header
                + "])");
      }
    }
    Duration ttl = f.duration("ttl", Duration.ofSeconds(1));
    Duration swr =
        f.node("staleWhileRevalidate") == null
            ? Duration.ZERO
            : f.duration("staleWhileRevalidate", Duration.ZERO);
    Duration sie =
        f.node("staleIfError") == null ? Duration.ZERO : f.duration("staleIfError", Duration.ZERO);
    return new CallCache(
        ttl,
        swr,
        sie,
        vary,
        f.bool("fromCacheControl", false),
        inputTags(f, "a cache tag", problems));
  }

  /**
   * Reads an endpoint's {@code cache:} key (the composed-response cache). An endpoint that reads
   * the client's identity headers may only be cached with them in {@code vary}.
   *
   * @param requestHeaders the lower-case request headers the endpoint's templates may read
   * @param readsAuth whether the endpoint's templates read the token's claims: then the answer is
   *     per identity, and only cached with {@code auth} in {@code vary}
   */
  static CallCache endpoint(
      Fields endpoint,
      String method,
      List<String> requestHeaders,
      boolean readsAuth,
      Problems problems) {
    ConfigNode.MapNode node = endpoint.map("cache");
    if (node == null) {
      return null;
    }
    if (!method.equals("GET")) {
      problems.add(node.position(), "only GET endpoints can be cached; this one is a " + method);
      return null;
    }
    Fields f = new Fields(node, problems);
    List<String> vary = new ArrayList<>();
    if (f.node("vary") instanceof ConfigNode.ListNode list) {
      for (ConfigNode item : list.items()) {
        if (item instanceof ConfigNode.ScalarNode s && s.value() instanceof String name) {
          String lower = name.toLowerCase(Locale.ROOT);
          if (lower.equals(ContextNames.AUTH) && endpoint.node(ContextNames.AUTH) == null) {
            problems.add(
                item.position(),
                "vary: 'auth' (the token's identity) needs an endpoint with auth:");
          } else if (!lower.equals(ContextNames.AUTH) && !requestHeaders.contains(lower)) {
            problems.add(
                item.position(),
                "vary: '"
                    + name
                    + "' is not one of this endpoint's headers ("
                    + String.join(", ", requestHeaders)
                    + "): the answer cannot depend on it");
          }
          vary.add(lower);
        }
      }
    }
    for (String header : requestHeaders) {
      if (IDENTITY.contains(header) && !vary.contains(header)) {
        problems.add(
            node.position(),
            "this endpoint reads the client's "
                + header
                + ": caching its answers without '"
                + header
                + "' in vary would serve one user's answer to another");
      }
    }
    if (readsAuth && !vary.contains(ContextNames.AUTH)) {
      problems.add(
          node.position(),
          "this endpoint's templates read auth (the token's claims): caching its answers"
              + " without 'auth' in vary would serve one user's answer to another (add vary: [auth])");
    }
    return new CallCache(
        f.duration("ttl", Duration.ofSeconds(1)),
        f.node("staleWhileRevalidate") == null
            ? Duration.ZERO
            : f.duration("staleWhileRevalidate", Duration.ZERO),
        f.node("staleIfError") == null ? Duration.ZERO : f.duration("staleIfError", Duration.ZERO),
        vary,
        false,
        inputTags(f, "a cache tag", problems));
  }

  private static boolean readsAuth(ValueTemplate template) {
    return template != null
        && template.expressions().stream().anyMatch(e -> e.rootNames().contains(ContextNames.AUTH));
  }

  /** Names a tag may read: the client's input, known before any call runs. */
  private static final Set<String> TAG_INPUTS =
      Set.of(ContextNames.PATH, ContextNames.QUERY, ContextNames.HEADERS);

  /**
   * Tags are rendered before the call is sent, from the client's input only: a tag that read
   * another call's answer would add a dependency just to name a cache entry (or a view).
   *
   * @param what how a problem names one, "a cache tag"
   */
  static List<ValueTemplate> inputTags(Fields f, String what, Problems problems) {
    List<ValueTemplate> tags = new ArrayList<>();
    if (!(f.node("tags") instanceof ConfigNode.ListNode list)) {
      return tags;
    }
    for (ConfigNode item : list.items()) {
      TemplateCompiler compiler = new TemplateCompiler(problems);
      ValueTemplate tag = compiler.value(item);
      boolean ok = tag != null;
      for (TemplateCompiler.Use use : compiler.uses()) {
        for (String name : use.expression().rootNames()) {
          if (!TAG_INPUTS.contains(name)) {
            problems.add(
                use.position(),
                what
                    + " may only use path, query and headers (the client's input),"
                    + " not '"
                    + name
                    + "'");
            ok = false;
          }
        }
      }
      if (ok) {
        tags.add(tag);
      }
    }
    return tags;
  }
}
