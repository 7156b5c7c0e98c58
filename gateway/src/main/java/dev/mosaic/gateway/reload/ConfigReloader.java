package dev.mosaic.gateway.reload;

import dev.mosaic.gateway.metrics.ReloadMeters;
import dev.mosaic.rules.config.ConfigException;
import dev.mosaic.rules.config.ConfigProblem;
import dev.mosaic.rules.plan.GatewayPlan;
import dev.mosaic.rules.plan.PlanCompiler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the config file: reads and compiles it on a worker thread, never an event loop, then
 * hands the plan to the gateway to swap in. The files the config names (secrets, certificates) are
 * read again too: a rotated secret with an unchanged config is a change. A file that is missing,
 * half-written or wrong is rejected with every problem's file:line:col in the log and the result,
 * and counted; the running config keeps serving. Reloads run one at a time, in the order asked
 * (file watch, admin API, SIGHUP), so two never race to swap.
 */
public final class ConfigReloader {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

  /** What a reload acts on: the running gateway. */
  public interface Target {
    Generation running();

    /** Settings of {@code plan} that differ from the running ones but need a restart. */
    List<String> restartRequired(GatewayPlan plan);

    /** Swaps {@code plan} in; requests in flight finish on the generation they started on. */
    Future<Generation> swap(GatewayPlan plan, String configText);
  }

  private final Vertx vertx;
  private final Path file;
  private final Target target;
  private final ReloadMeters meters;
  private Future<ReloadResult> last = Future.succeededFuture();

  /**
   * @param meters null when metrics are off
   */
  public ConfigReloader(Vertx vertx, Path file, Target target, ReloadMeters meters) {
    this.vertx = vertx;
    this.file = file;
    this.target = target;
    this.meters = meters;
  }

  public Path file() {
    return file;
  }

  /**
   * @param trigger what asked for it, for the log: "file change", "admin API", "SIGHUP"
   */
  public synchronized Future<ReloadResult> reload(String trigger) {
    Future<ReloadResult> next =
        last.transform(previous -> reloadNow(trigger))
            // a reload that could not even be tried (draining, a swap that failed) is said once
            .onFailure(e -> LOG.warn("config not reloaded ({}): {}", trigger, e.getMessage()));
    last = next;
    return next;
  }

  private record Compiled(String text, GatewayPlan plan) {}

  private Future<ReloadResult> reloadNow(String trigger) {
    return vertx
        .<Compiled>executeBlocking(
            () -> {
              String text = Files.readString(file, StandardCharsets.UTF_8);
              return new Compiled(text, PlanCompiler.compile(file.toString(), text));
            },
            false)
        .transform(
            compiled -> {
              Generation running = target.running();
              if (compiled.failed()) {
                return Future.succeededFuture(rejected(trigger, running, compiled.cause()));
              }
              if (compiled.result().text().equals(running.configText())
                  && FilesBeside.same(compiled.result().plan(), running.plan())) {
                return Future.succeededFuture(
                    new ReloadResult(
                        ReloadResult.UNCHANGED, running.number(), List.of(), List.of()));
              }
              GatewayPlan plan = compiled.result().plan();
              List<String> restart = target.restartRequired(plan);
              return target
                  .swap(plan, compiled.result().text())
                  .map(
                      next -> {
                        LOG.info(
                            "config reloaded ({}): generation {} serves {} endpoints from {}",
                            trigger,
                            next.number(),
                            plan.endpoints().size(),
                            file);
                        restart.forEach(
                            change ->
                                LOG.warn(
                                    "config reloaded ({}): {} takes effect on restart",
                                    trigger,
                                    change));
                        if (meters != null) {
                          meters.applied(next.number());
                        }
                        return new ReloadResult(
                            ReloadResult.APPLIED, next.number(), List.of(), restart);
                      })
                  .recover(
                      failed ->
                          failed instanceof ConfigException
                              ? Future.succeededFuture(
                                  rejected(
                                      trigger,
                                      target.running(),
                                      failed)) // e.g. a key that fits no certificate
                              : Future.failedFuture(failed));
            });
  }

  /** The files beside the config that the running generation read: watched for changes too. */
  public List<Path> filesBeside() {
    return FilesBeside.of(target.running().plan());
  }

  private ReloadResult rejected(String trigger, Generation running, Throwable cause) {
    List<String> problems;
    if (cause instanceof ConfigException config) {
      problems = config.problems().stream().map(ConfigProblem::toString).toList();
    } else if (cause instanceof NoSuchFileException) {
      problems = List.of(file + ": the config file is missing");
    } else if (cause instanceof IOException io) {
      problems = List.of(file + ": cannot be read: " + io.getMessage());
    } else {
      problems = List.of(file + ": " + cause);
      LOG.error("config reload ({}) failed unexpectedly", trigger, cause);
    }
    problems.forEach(problem -> LOG.error("config reload ({}) rejected: {}", trigger, problem));
    LOG.error(
        "config reload ({}) rejected: {} problem(s); generation {} keeps serving",
        trigger,
        problems.size(),
        running.number());
    if (meters != null) {
      meters.rejected();
    }
    return new ReloadResult(ReloadResult.REJECTED, running.number(), problems, List.of());
  }
}
