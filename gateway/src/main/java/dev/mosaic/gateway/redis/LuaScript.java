package dev.mosaic.gateway.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), sent in full ({@code EVAL}) only when Redis does
 * not know it: after a restart or a {@code SCRIPT FLUSH}. The script is Redis's unit of atomicity,
 * so what must happen together (check a lease, then append) is one script.
 */
public final class LuaScript {

  private final String source;
  private final String sha;

  public LuaScript(String source) {
    this.source = source;
    this.sha = sha1(source);
  }

  public String source() {
    return source;
  }

  public String sha() {
    return sha;
  }

  public Future<Response> run(PerLoopRedis redis, List<String> keys, List<String> args) {
    return redis
        .send(request(Command.EVALSHA, sha, keys, args))
        .recover(
            e ->
                e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")
                    ? redis.send(request(Command.EVAL, source, keys, args))
                    : Future.failedFuture(e));
  }

  private static Request request(
      Command command, String script, List<String> keys, List<String> args) {
    Request request = Request.cmd(command).arg(script).arg(keys.size());
    keys.forEach(request::arg);
    args.forEach(request::arg);
    return request;
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }
}
