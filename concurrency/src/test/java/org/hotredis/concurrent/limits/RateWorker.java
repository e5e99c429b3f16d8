package org.hotredis.concurrent.limits;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.hotredis.HotClient;
import org.hotredis.RedisBinding;
import org.hotredis.concurrent.locks.ProcessGate;
import org.hotredis.shaded.redis.clients.jedis.params.XAddParams;
import org.hotredis.testing.Await;

/**
 * A child JVM for {@link HotRateLimiterTest}.
 *
 * <p>Arguments: the Redis URI, the limiter's key, its permits per period, its period in
 * milliseconds, its burst, the mode, the threads and the rounds. Mode {@code grants}: after the
 * {@link ProcessGate}, each thread takes permits {@code rounds} times, in one of four ways by its
 * number ({@code acquire()}, {@code acquire(2)}, {@code tryAcquire(1, 20 ms)} until it succeeds,
 * {@code tryAcquire()} until it succeeds), and records each grant in the stream {@code grants} with
 * a plain {@code XADD}, whose entry id is Redis's clock in milliseconds when the grant was
 * recorded; field {@code p} holds the permits. Mode {@code reserve}: one thread calls {@code
 * acquire()}, and {@code waiting} is printed once it sleeps on its reservation ({@code acquired}
 * once it returns).
 */
final class RateWorker {
  private static final byte[] PERMITS = "p".getBytes(UTF_8);

  private RateWorker() {}

  public static void main(String[] args) throws InterruptedException {
    try (HotClient client = HotClient.create(args[0])) {
      HotRateLimiter limiter =
          HotRateLimiter.builder(
                  Long.parseLong(args[2]), Duration.ofMillis(Long.parseLong(args[3])))
              .burst(Long.parseLong(args[4]))
              .client(client)
              .key(args[1])
              .build();
      if (args[5].equals("reserve")) {
        reserve(limiter);
        return;
      }
      RedisBinding grants = RedisBinding.of(client, "grants", "grants", "stream");
      int rounds = Integer.parseInt(args[7]);
      Thread[] threads = new Thread[Integer.parseInt(args[6])];
      for (int i = 0; i < threads.length; i++) {
        int way = i % 4;
        threads[i] =
            new Thread(
                () -> {
                  try {
                    for (int r = 0; r < rounds; r++) {
                      int permits = take(limiter, way);
                      grants.write(
                          grants
                              .commands()
                              .xadd(
                                  grants.rawKey(),
                                  XAddParams.xAddParams(),
                                  Map.of(PERMITS, Integer.toString(permits).getBytes(UTF_8))));
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
      }
      ProcessGate.awaitStart(client);
      ProcessGate.runAll(threads);
      System.out.println("done");
    }
  }

  /** Takes permits in one of four ways; returns how many. */
  private static int take(HotRateLimiter limiter, int way) throws InterruptedException {
    switch (way) {
      case 0 -> limiter.acquire();
      case 1 -> {
        limiter.acquire(2);
        return 2;
      }
      case 2 -> {
        while (!limiter.tryAcquire(1, 20, TimeUnit.MILLISECONDS)) {
          // the wait did not fit 20 ms: nothing was taken, ask again
        }
      }
      default -> {
        while (!limiter.tryAcquire()) {
          LockSupport.parkNanos(1_000_000); // a client that polls, paced by a millisecond
        }
      }
    }
    return 1;
  }

  private static void reserve(HotRateLimiter limiter) throws InterruptedException {
    Thread waiter =
        new Thread(
            () -> {
              try {
                limiter.acquire();
                System.out.println("acquired");
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    waiter.start();
    Await.until(
        Duration.ofMinutes(1),
        () -> waiter.getState() == Thread.State.TIMED_WAITING || !waiter.isAlive(),
        "the waiter to sleep on its reservation");
    System.out.println("waiting");
    waiter.join();
  }
}
