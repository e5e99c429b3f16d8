package org.hotredis;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.MoreCollectors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client's shared pub/sub subscription. Each test publishes on channels of its own: a cluster
 * forwards a message to its other nodes asynchronously, so it may arrive after the next test has
 * subscribed.
 */
@RedisTest
final class NotificationsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private HotClient client;

  @BeforeEach
  void open(RedisDeployment server) {
    client = HotClient.create(server.uri());
  }

  @AfterEach
  void close() {
    client.close();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static final class Recorder implements Notifications.Listener {
    final List<String> messages = new CopyOnWriteArrayList<>();
    final AtomicInteger reconnects = new AtomicInteger();

    @Override
    public void onMessage(byte[] message) {
      messages.add(new String(message, StandardCharsets.UTF_8));
    }

    @Override
    public void onReconnect() {
      reconnects.incrementAndGet();
    }
  }

  @Test
  void subscribe_returnsOnceConfirmed_soTheNextPublishIsDelivered(RedisDeployment server) {
    Recorder recorder = new Recorder();
    try (Notifications.Subscription s =
        client.notifications().subscribe(bytes("confirmed"), recorder)) {
      assertThat(publish(server, "confirmed", "hello")).isEqualTo(1L);
      Await.until(WAIT, () -> recorder.messages.contains("hello"), "the message");
    }
  }

  @Test
  void listenersOfOneChannel_shareOneSubscription(RedisDeployment server) {
    List<Recorder> recorders = new ArrayList<>();
    List<Notifications.Subscription> subscriptions = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Recorder recorder = new Recorder();
      recorders.add(recorder);
      subscriptions.add(client.notifications().subscribe(bytes("shared"), recorder));
    }
    assertThat(subscriptions(server, "shared")).isEqualTo(1);
    assertThat(publish(server, "shared", "x")).isEqualTo(1L);
    Await.until(
        WAIT, () -> recorders.stream().allMatch(r -> r.messages.contains("x")), "all listeners");

    subscriptions.subList(0, 199).forEach(Notifications.Subscription::close);
    assertThat(subscriptions(server, "shared")).isEqualTo(1);
    subscriptions.get(199).close();
    Await.until(WAIT, () -> subscriptions(server, "shared") == 0, "the channel to be unsubscribed");
  }

  @Test
  void channels_useOneConnectionPerClient(RedisDeployment server) {
    for (int i = 0; i < 50; i++) {
      client.notifications().subscribe(bytes("c" + i), message -> {});
    }
    long subscribers =
        server.runningNodes().stream()
            .flatMap(node -> String.valueOf(node.execute("CLIENT", "LIST")).lines())
            .filter(l -> l.contains(" sub="))
            .filter(l -> !l.contains(" sub=0 "))
            .count();
    assertThat(subscribers).isEqualTo(1);
  }

  @Test
  @Timeout(60)
  void serverRestart_resubscribesAndTellsListeners(RedisServer server) {
    Recorder recorder = new Recorder();
    client.notifications().subscribe(bytes("restart"), recorder);

    server.restart();

    Await.until(WAIT, () -> recorder.reconnects.get() == 1, "onReconnect");
    assertThat(server.execute("PUBLISH", "restart", "after")).isEqualTo(1L);
    Await.until(WAIT, () -> recorder.messages.contains("after"), "a message after the restart");
  }

  @Test
  @Timeout(60)
  void idleSubscription_staysConnected(RedisDeployment server) {
    Recorder recorder = new Recorder();
    client.notifications().subscribe(bytes("idle"), recorder);
    String subscriber = subscriberConnection(server);

    // Idle for longer than the socket timeout (2 s) and several keep-alive pings (5 s).
    long until = System.nanoTime() + Duration.ofSeconds(12).toNanos();
    Await.until(Duration.ofSeconds(30), () -> System.nanoTime() > until, "12 s of idleness");

    assertThat(recorder.reconnects.get()).isZero();
    assertThat(subscriberConnection(server)).isEqualTo(subscriber);
    assertThat(publish(server, "idle", "still here")).isEqualTo(1L);
    Await.until(WAIT, () -> recorder.messages.contains("still here"), "the message");
  }

  /** Returns the port of the node holding the subscriber connection, and its client id there. */
  private static String subscriberConnection(RedisDeployment server) {
    return server.runningNodes().stream()
        .flatMap(
            node ->
                String.valueOf(node.execute("CLIENT", "LIST"))
                    .lines()
                    .filter(l -> l.contains(" flags=P "))
                    .map(l -> node.port() + " " + l.substring(0, l.indexOf(' '))))
        .collect(MoreCollectors.onlyElement());
  }

  /** Counts the subscriptions to a channel, on every node of a cluster. */
  private static long subscriptions(RedisDeployment server, String channel) {
    return server.runningNodes().stream().mapToLong(node -> subscriptions(node, channel)).sum();
  }

  private static long subscriptions(RedisServer node, String channel) {
    List<?> reply = (List<?>) requireNonNull(node.execute("PUBSUB", "NUMSUB", channel));
    return (Long) reply.get(1);
  }

  /**
   * Publishes a message on the node the client subscribed on and returns how many subscribers
   * received it: a cluster forwards the message to every node, but counts only its own receivers.
   */
  private static @Nullable Object publish(RedisDeployment server, String channel, String message) {
    RedisServer node =
        server.runningNodes().stream()
            .filter(n -> subscriptions(n, channel) > 0)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no node has a subscriber of " + channel));
    return node.execute("PUBLISH", channel, message);
  }

  @Test
  void aFailingListener_doesNotStopTheOthers(RedisDeployment server) {
    Recorder recorder = new Recorder();
    client
        .notifications()
        .subscribe(
            bytes("failing"),
            message -> {
              throw new IllegalStateException("listener bug");
            });
    client.notifications().subscribe(bytes("failing"), recorder);
    server.execute("PUBLISH", "failing", "one");
    server.execute("PUBLISH", "failing", "two");
    Await.until(WAIT, () -> recorder.messages.equals(List.of("one", "two")), "both messages");
  }

  @Test
  void close_client_stopsTheSubscriptionThread(RedisDeployment server) {
    HotClient other = HotClient.create(server.uri());
    other.notifications().subscribe(bytes("closing"), message -> {});
    other.close();
    Await.until(WAIT, () -> subscriptions(server, "closing") == 0, "the subscription to end");
  }
}
