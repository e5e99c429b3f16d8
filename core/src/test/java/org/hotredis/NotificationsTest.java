package org.hotredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotredis.testing.Await;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@RedisTest
final class NotificationsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private HotClient client;

  @BeforeEach
  void open(RedisServer server) {
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
  void subscribe_returnsOnceConfirmed_soTheNextPublishIsDelivered(RedisServer server) {
    Recorder recorder = new Recorder();
    try (Notifications.Subscription s = client.notifications().subscribe(bytes("chan"), recorder)) {
      assertThat(server.execute("PUBLISH", "chan", "hello")).isEqualTo(1L);
      Await.until(WAIT, () -> recorder.messages.contains("hello"), "the message");
    }
  }

  @Test
  void listenersOfOneChannel_shareOneSubscription(RedisServer server) {
    List<Recorder> recorders = new ArrayList<>();
    List<Notifications.Subscription> subscriptions = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Recorder recorder = new Recorder();
      recorders.add(recorder);
      subscriptions.add(client.notifications().subscribe(bytes("shared"), recorder));
    }
    assertThat(server.execute("PUBSUB", "NUMSUB", "shared")).isEqualTo(List.of("shared", 1L));
    assertThat(server.execute("PUBLISH", "shared", "x")).isEqualTo(1L);
    Await.until(
        WAIT, () -> recorders.stream().allMatch(r -> r.messages.contains("x")), "all listeners");

    subscriptions.subList(0, 199).forEach(Notifications.Subscription::close);
    assertThat(server.execute("PUBSUB", "NUMSUB", "shared")).isEqualTo(List.of("shared", 1L));
    subscriptions.get(199).close();
    Await.until(
        WAIT,
        () -> List.of("shared", 0L).equals(server.execute("PUBSUB", "NUMSUB", "shared")),
        "the channel to be unsubscribed");
  }

  @Test
  void channels_useOneConnectionPerClient(RedisServer server) {
    for (int i = 0; i < 50; i++) {
      client.notifications().subscribe(bytes("c" + i), message -> {});
    }
    long subscribers =
        String.valueOf(server.execute("CLIENT", "LIST"))
            .lines()
            .filter(l -> l.contains(" sub="))
            .filter(l -> !l.contains(" sub=0 "))
            .count();
    assertThat(subscribers).isEqualTo(1);
  }

  @Test
  @Timeout(60)
  void serverRestart_resubscribesAndTellsListeners(RedisServer server) {
    Recorder recorder = new Recorder();
    client.notifications().subscribe(bytes("chan"), recorder);

    server.restart();

    Await.until(WAIT, () -> recorder.reconnects.get() == 1, "onReconnect");
    assertThat(server.execute("PUBLISH", "chan", "after")).isEqualTo(1L);
    Await.until(WAIT, () -> recorder.messages.contains("after"), "a message after the restart");
  }

  @Test
  @Timeout(60)
  void idleSubscription_staysConnected(RedisServer server) {
    Recorder recorder = new Recorder();
    client.notifications().subscribe(bytes("idle"), recorder);
    long subscriberId = subscriberClientId(server);

    // Idle for longer than the socket timeout (2 s) and several keep-alive pings (5 s).
    long until = System.nanoTime() + Duration.ofSeconds(12).toNanos();
    Await.until(Duration.ofSeconds(30), () -> System.nanoTime() > until, "12 s of idleness");

    assertThat(recorder.reconnects.get()).isZero();
    assertThat(subscriberClientId(server)).isEqualTo(subscriberId);
    assertThat(server.execute("PUBLISH", "idle", "still here")).isEqualTo(1L);
    Await.until(WAIT, () -> recorder.messages.contains("still here"), "the message");
  }

  private static long subscriberClientId(RedisServer server) {
    return String.valueOf(server.execute("CLIENT", "LIST"))
        .lines()
        .filter(l -> l.contains(" flags=P "))
        .map(l -> Long.parseLong(l.substring(l.indexOf("id=") + 3, l.indexOf(' '))))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aFailingListener_doesNotStopTheOthers(RedisServer server) {
    Recorder recorder = new Recorder();
    client
        .notifications()
        .subscribe(
            bytes("chan"),
            message -> {
              throw new IllegalStateException("listener bug");
            });
    client.notifications().subscribe(bytes("chan"), recorder);
    server.execute("PUBLISH", "chan", "one");
    server.execute("PUBLISH", "chan", "two");
    Await.until(WAIT, () -> recorder.messages.equals(List.of("one", "two")), "both messages");
  }

  @Test
  @Timeout(30)
  void subscribe_serverDown_failsWithinTheTimeout() {
    try (RedisServer own = RedisServer.start();
        HotClient c =
            HotClient.builder()
                .uri(own.uri())
                .socketTimeout(Duration.ofMillis(500))
                .connectTimeout(Duration.ofMillis(500))
                .build()) {
      own.stop();
      assertThatThrownBy(() -> c.notifications().subscribe(bytes("chan"), message -> {}))
          .isInstanceOf(HotConnectionException.class)
          .hasMessageContaining("did not confirm a subscription");
    }
  }

  @Test
  void close_client_stopsTheSubscriptionThread(RedisServer server) {
    HotClient other = HotClient.create(server.uri());
    other.notifications().subscribe(bytes("chan"), message -> {});
    other.close();
    Await.until(
        WAIT,
        () -> List.of("chan", 0L).equals(server.execute("PUBSUB", "NUMSUB", "chan")),
        "the subscription to end");
  }
}
