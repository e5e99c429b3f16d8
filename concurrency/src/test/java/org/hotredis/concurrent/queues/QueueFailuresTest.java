package org.hotredis.concurrent.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hotredis.concurrent.queues.QueueFixture.start;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hotredis.BlockingCalls;
import org.hotredis.HotClient;
import org.hotredis.HotConnectionException;
import org.hotredis.concurrent.queues.QueueFixture.Checked;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.hotredis.testing.SingleServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Waiting threads when the server stops answering or restarts, on a private server: they end with
 * {@link HotConnectionException}, never hang, and the queue works again afterwards. It runs in the
 * single-server pass only, as it does not use the shared deployment.
 */
@RedisTest
@SingleServerTest
final class QueueFailuresTest {
  private RedisServer server;
  private HotClient client;

  @BeforeEach
  void open() {
    server = RedisServer.start();
    client =
        HotClient.builder()
            .uri(server.uri())
            .socketTimeout(Duration.ofMillis(500))
            .connectTimeout(Duration.ofMillis(500))
            .build();
  }

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  @Test
  @Timeout(120)
  void frozenServer_endsTakePollAndPut_withHotConnectionException() throws Exception {
    HotQueue<String> empty = HotQueue.builder(String.class).client(client).key("empty").build();
    HotSetQueue<String> emptySet =
        HotSetQueue.builder(String.class).client(client).key("set").build();
    HotQueue<String> full =
        HotQueue.builder(String.class).client(client).key("full").capacity(1).build();
    full.put("x");
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Checked> waiters =
        List.of(
            start("take", () -> record(failures, empty::take)),
            start("set-take", () -> record(failures, emptySet::take)),
            start("poll", () -> record(failures, () -> empty.poll(5, TimeUnit.SECONDS))),
            start("put", () -> record(failures, () -> full.offer("y", 1, TimeUnit.DAYS))));
    for (Checked waiter : waiters.subList(0, 2)) {
      waiter.awaitState(Thread.State.WAITING);
    }
    long start = System.nanoTime();

    server.freeze();

    for (Checked waiter : waiters) {
      waiter.join();
    }
    System.out.printf(
        "frozen server: every waiter failed within %d ms (blocking slice %d s)%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
        BlockingCalls.MAX_WAIT.toSeconds());
    assertThat(failures).hasSize(4).allMatch(f -> f instanceof HotConnectionException);

    server.unfreeze();
    full.clear();
    assertThat(full.offer("z")).isTrue();
    empty.add("a");
    assertThat(empty.take()).isEqualTo("a");
  }

  @Test
  @Timeout(120)
  void serverRestart_duringABlockedTake_neitherHangsNorLoses() throws Exception {
    HotQueue<String> q = HotQueue.builder(String.class).client(client).key("q").build();
    q.add("warm-up");
    assertThat(q.take()).isEqualTo("warm-up"); // leaves an idle dedicated connection
    List<Object> outcome = new CopyOnWriteArrayList<>();
    Checked taker =
        start(
            "taker",
            () -> {
              try {
                outcome.add(q.take());
              } catch (HotConnectionException e) {
                outcome.add(e);
              }
            });
    taker.awaitState(Thread.State.WAITING);

    server.restart();
    client.ping(); // a read: it drops the pooled connections the old server closed
    q.add("after");

    taker.join();
    assertThat(outcome).hasSize(1);
    if (outcome.get(0) instanceof HotConnectionException) {
      assertThat(q.take()).as("the element was not lost").isEqualTo("after");
    } else {
      assertThat(outcome).as("the wait survived the restart").containsExactly("after");
    }
    q.add("again");
    assertThat(q.poll(5, TimeUnit.SECONDS)).isEqualTo("again");
    System.out.println("restart during take: " + outcome.get(0));
  }

  /** A step that fails with what the test expects. */
  private interface Step {
    Object run() throws Exception;
  }

  private static void record(List<Throwable> failures, Step step) {
    try {
      Object result = step.run();
      failures.add(new AssertionError("returned " + result));
    } catch (Throwable t) {
      failures.add(t);
    }
  }
}
