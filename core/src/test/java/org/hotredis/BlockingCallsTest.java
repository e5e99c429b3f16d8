package org.hotredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.hotredis.shaded.redis.clients.jedis.CommandObject;
import org.hotredis.shaded.redis.clients.jedis.util.KeyValue;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@RedisTest
final class BlockingCallsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private HotClient client;
  private RedisBinding list;

  @BeforeEach
  void open(RedisDeployment server) {
    client = HotClient.builder().uri(server.uri()).poolSize(1).build();
    list = RedisBinding.of(client, "l", "HotList", "list");
  }

  @AfterEach
  void close() {
    client.close();
  }

  private CommandObject<KeyValue<byte[], byte[]>> blpop(double seconds) {
    return list.commands().blpop(seconds, list.rawKey());
  }

  /** Runs a blocking call on a new thread, which completes the future with its outcome. */
  private CompletableFuture<Object> inThread(List<Thread> threads, Duration deadline) {
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                BlockingCalls calls = client.blockingCalls();
                Object value =
                    deadline == null
                        ? calls.call(list, blpop(5), null)
                        : calls.call(list, blpop(5), null, System.nanoTime() + deadline.toNanos());
                outcome.complete(value == null ? "null" : value);
              } catch (Throwable t) {
                outcome.complete(t);
              }
            });
    thread.setDaemon(true);
    thread.start();
    threads.add(thread);
    return outcome;
  }

  /** Counts the clients blocked in Redis, on every node of a cluster. */
  private static long blockedClients(RedisDeployment server) {
    return server.infoSum("clients", "blocked_clients");
  }

  @Test
  @Timeout(60)
  void call_interrupted_throwsAndUnblocksTheCommand(RedisDeployment server) throws Exception {
    List<Thread> threads = new ArrayList<>();
    CompletableFuture<Object> outcome = inThread(threads, null);
    Thread thread = threads.get(0);
    Await.until(WAIT, () -> thread.getState() == Thread.State.WAITING, "the caller to wait");
    Await.until(WAIT, () -> blockedClients(server) == 1, "BLPOP to block");

    thread.interrupt();

    assertThat(outcome.get(20, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    assertThat(blockedClients(server)).as("CLIENT UNBLOCK ended the BLPOP").isZero();
  }

  @Test
  void call_withADeadline_returnsNullNoEarlierThanIt() throws Exception {
    long start = System.nanoTime();
    Object value =
        client
            .blockingCalls()
            .call(list, blpop(5), null, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150));
    assertThat(value).isNull();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(150);
  }

  @Test
  void call_returnsTheValue_thenRunsTheFollowUp(RedisDeployment server) throws Exception {
    server.execute("RPUSH", "l", "a");
    // The follow-up runs on the blocking call's connection, so it stays in the slot of "l".
    CommandObject<Long> then =
        list.commands().rpush("{l}marker".getBytes(StandardCharsets.UTF_8), new byte[] {'x'});
    KeyValue<byte[], byte[]> value = client.blockingCalls().call(list, blpop(5), then);
    assertThat(new String(value.getValue(), StandardCharsets.UTF_8)).isEqualTo("a");
    Await.until(WAIT, () -> Long.valueOf(1).equals(server.execute("LLEN", "{l}marker")), "then");
  }

  @Test
  @Timeout(60)
  void blockedCalls_doNotHoldPooledConnections(RedisDeployment server) throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<CompletableFuture<Object>> outcomes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      outcomes.add(inThread(threads, null));
    }
    Await.until(WAIT, () -> blockedClients(server) == 5, "five blocked calls");

    for (int i = 0; i < 20; i++) {
      client.ping(); // the pool holds one connection
    }

    for (int i = 0; i < 5; i++) {
      server.execute("RPUSH", "l", "v" + i);
    }
    for (CompletableFuture<Object> outcome : outcomes) {
      assertThat(outcome.get(20, TimeUnit.SECONDS)).isInstanceOf(KeyValue.class);
    }
  }

  @Test
  @Timeout(60)
  void clientClose_endsABlockedCall(RedisDeployment server)
      throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
    List<Thread> threads = new ArrayList<>();
    CompletableFuture<Object> outcome = inThread(threads, null);
    Await.until(WAIT, () -> blockedClients(server) == 1, "BLPOP to block");

    client.close();

    assertThat(outcome.get(20, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(client::blockingCalls).isInstanceOf(IllegalStateException.class);
  }
}
