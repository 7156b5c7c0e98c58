package dev.mosaic.bench.scenario;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;

/**
 * Checks, before anything is timed, that Mosaic and the floor give byte-identical answers (status
 * and body) for every id the comparison asks for: a ratio between two programs that answer
 * differently would compare different work.
 */
final class SameAnswers {

  /** Ids in flight at once: the check is bound by round trips, not CPU, so keep plenty going. */
  private static final int IN_FLIGHT = 32;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  /**
   * @return the first difference as a message naming the path and both answers, or empty when every
   *     answer for ids 1..{@code ids} is the same
   */
  Optional<String> firstDifference(String mosaicUrl, String floorUrl, int ids)
      throws IOException, InterruptedException {
    Semaphore window = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<HttpResponse<byte[]>>> mosaic = new ArrayList<>();
    List<CompletableFuture<HttpResponse<byte[]>>> floor = new ArrayList<>();
    for (int id = 1; id <= ids; id++) {
      window.acquire();
      CompletableFuture<HttpResponse<byte[]>> m = get(mosaicUrl + id);
      CompletableFuture<HttpResponse<byte[]>> f = get(floorUrl + id);
      // the permit comes back however the pair ends; the answers are read below
      var unused = CompletableFuture.allOf(m, f).whenComplete((done, failed) -> window.release());
      mosaic.add(m);
      floor.add(f);
    }
    for (int i = 0; i < ids; i++) {
      HttpResponse<byte[]> m = join(mosaic.get(i));
      HttpResponse<byte[]> f = join(floor.get(i));
      if (m.statusCode() != f.statusCode() || !Arrays.equals(m.body(), f.body())) {
        int id = i + 1;
        return Optional.of(
            String.format(
                "id %d differs: Mosaic (%s) answered %d `%s`, the floor (%s) answered %d `%s`",
                id,
                mosaicUrl + id,
                m.statusCode(),
                text(m),
                floorUrl + id,
                f.statusCode(),
                text(f)));
      }
    }
    return Optional.empty();
  }

  private CompletableFuture<HttpResponse<byte[]>> get(String url) {
    return http.sendAsync(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpResponse<byte[]> join(CompletableFuture<HttpResponse<byte[]>> answer)
      throws IOException {
    try {
      return answer.join();
    } catch (CompletionException e) {
      throw new IOException("checking the answers: " + e.getCause(), e.getCause());
    }
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }
}
