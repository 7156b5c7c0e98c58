package dev.mosaic.stubs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's data, generated from a seed so every run (and every benchmark) sees the same products,
 * stock, reviews, users and orders. Each service reads only its own part, as each would own its own
 * database. Maps are concurrent because writes arrive on several event loops.
 */
public final class SeedData {

  public static final int USERS = 1_000;
  public static final int PRODUCTS = 10_000;
  public static final int ORDERS = 5_000;

  private static final String[] ADJECTIVES = {
    "Compact",
    "Sturdy",
    "Quiet",
    "Bright",
    "Classic",
    "Modern",
    "Portable",
    "Smart",
    "Rugged",
    "Elegant"
  };
  private static final String[] NOUNS = {
    "Kettle",
    "Lamp",
    "Backpack",
    "Headphones",
    "Chair",
    "Desk",
    "Blender",
    "Camera",
    "Jacket",
    "Watch"
  };
  private static final String[] CATEGORIES = {
    "home", "office", "outdoor", "audio", "kitchen", "fashion"
  };
  private static final String[] FIRST = {
    "Ada", "Linus", "Grace", "Alan", "Margaret", "Ken", "Barbara", "Dennis"
  };
  private static final String[] LAST = {
    "Lovelace", "Torvalds", "Hopper", "Turing", "Hamilton", "Thompson", "Liskov"
  };
  private static final String[] COUNTRIES = {"DE", "FR", "US", "JP", "BR", "IN", "NL"};
  private static final String[] REVIEW_TEXT = {
    "Does what it says.",
    "Broke after a week.",
    "Great value.",
    "Would buy again.",
    "Too loud.",
    "Perfect gift."
  };
  private static final long EPOCH = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  public final Map<Long, JsonObject> users = new ConcurrentHashMap<>();
  public final Map<Long, JsonObject> products = new ConcurrentHashMap<>();
  public final Map<Long, JsonObject> stock = new ConcurrentHashMap<>();
  public final Map<Long, List<JsonObject>> reviewsByProduct = new ConcurrentHashMap<>();
  public final Map<Long, JsonObject> orders = new ConcurrentHashMap<>();
  public final Map<Long, List<Long>> ordersByCustomer = new ConcurrentHashMap<>();
  public final AtomicLong nextReviewId = new AtomicLong();
  public final AtomicLong nextOrderId = new AtomicLong();

  public static SeedData generate(long seed) {
    SeedData data = new SeedData();
    SplittableRandom random = new SplittableRandom(seed);
    for (long id = 1; id <= USERS; id++) {
      String name = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
      data.users.put(
          id,
          new JsonObject()
              .put("id", id)
              .put("name", name)
              .put("email", "user" + id + "@example.test")
              .put("country", COUNTRIES[random.nextInt(COUNTRIES.length)]));
    }
    long reviewId = 0;
    for (long id = 1; id <= PRODUCTS; id++) {
      double price = Math.round(random.nextDouble(2, 500) * 100) / 100.0;
      data.products.put(
          id,
          new JsonObject()
              .put("id", id)
              .put(
                  "name",
                  ADJECTIVES[random.nextInt(ADJECTIVES.length)]
                      + " "
                      + NOUNS[random.nextInt(NOUNS.length)])
              .put("category", CATEGORIES[random.nextInt(CATEGORIES.length)])
              .put("price", price)
              .put("sellerId", 1 + random.nextInt(USERS)));
      data.stock.put(
          id,
          new JsonObject()
              .put("productId", id)
              .put("available", random.nextInt(0, 250))
              .put("warehouse", "WH-" + (1 + random.nextInt(5))));
      int count = random.nextInt(0, 21);
      List<JsonObject> reviews = new ArrayList<>(count);
      for (int r = 0; r < count; r++) {
        reviews.add(
            new JsonObject()
                .put("id", ++reviewId)
                .put("productId", id)
                .put("userId", 1 + random.nextInt(USERS))
                .put("rating", 1 + random.nextInt(5))
                .put("text", REVIEW_TEXT[random.nextInt(REVIEW_TEXT.length)]));
      }
      data.reviewsByProduct.put(id, java.util.Collections.synchronizedList(reviews));
    }
    data.nextReviewId.set(reviewId);
    Map<Long, List<Long>> byCustomer = new HashMap<>();
    for (long id = 1; id <= ORDERS; id++) {
      long customer = 1L + random.nextInt(USERS);
      int lines = 1 + random.nextInt(10);
      JsonArray items = new JsonArray();
      double total = 0;
      for (int i = 0; i < lines; i++) {
        long productId = 1L + random.nextInt(PRODUCTS);
        int quantity = 1 + random.nextInt(4);
        double price = data.products.get(productId).getDouble("price");
        total += price * quantity;
        items.add(
            new JsonObject()
                .put("productId", productId)
                .put("quantity", quantity)
                .put("price", price));
      }
      data.orders.put(
          id,
          new JsonObject()
              .put("id", id)
              .put("customerId", customer)
              .put("createdAt", java.time.Instant.ofEpochMilli(EPOCH + id * 3_600_000L).toString())
              .put("status", id % 7 == 0 ? "shipped" : "delivered")
              .put("items", items)
              .put("total", Math.round(total * 100) / 100.0));
      byCustomer.computeIfAbsent(customer, c -> new ArrayList<>()).add(id);
    }
    byCustomer.forEach(
        (customer, ids) ->
            data.ordersByCustomer.put(customer, java.util.Collections.synchronizedList(ids)));
    data.nextOrderId.set(ORDERS);
    return data;
  }
}
