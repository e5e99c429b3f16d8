package org.hotredis;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@RedisTest
final class TransactionTest {
  // One hash tag, so that transactions over both objects run on a cluster too (within one slot).
  private static final String COUNTER = "{tx}counter";
  private static final String LIST = "{tx}list";

  private HotClient client;
  private TestCounter counter;
  private TestList list;

  @BeforeEach
  void open(RedisDeployment server) {
    client = HotClient.create(server.uri());
    counter = new TestCounter(client, COUNTER);
    list = new TestList(client, LIST);
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void commit_queuedCalls_runAsOneMultiExec(RedisDeployment server) {
    try (HotTransaction tx = client.transaction()) {
      assertThat(list.add("a")).isTrue();
      list.add("b");
      counter.set(10);
      counter.add(5);
      assertThat(tx.size()).isEqualTo(4);
      assertThat(server.execute("EXISTS", LIST)).isEqualTo(0L);
      tx.commit();
    }

    assertThat(list.all()).containsExactly("a", "b");
    assertThat(counter.get()).isEqualTo(15);
    assertThat(server.commandCalls("multi")).isEqualTo(1);
    assertThat(server.commandCalls("exec")).isEqualTo(1);
    assertThat(server.commandCalls("rpush")).isEqualTo(2);
  }

  @Test
  void lambda_throws_discardsEverything(RedisDeployment server) {
    assertThatThrownBy(
            () ->
                client.transaction(
                    tx -> {
                      list.add("a");
                      counter.set(1);
                      throw new IllegalArgumentException("boom");
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("boom");

    assertThat(server.execute("EXISTS", LIST, COUNTER)).isEqualTo(0L);
    assertThat(server.commandCalls("multi")).isZero();
    assertThat(server.commandCalls("rpush")).isZero();
  }

  @Test
  void tryBlock_throws_discardsAndAttachesSuppressedNotice(RedisDeployment server) {
    IllegalArgumentException failure = new IllegalArgumentException("boom");
    assertThatThrownBy(
            () -> {
              try (HotTransaction tx = client.transaction()) {
                list.add("a");
                throw failure;
              }
            })
        .isSameAs(failure);

    assertThat(failure.getSuppressed()).hasSize(1);
    assertThat(failure.getSuppressed()[0]).hasMessageContaining("without commit()");
    assertThat(server.execute("EXISTS", LIST)).isEqualTo(0L);
  }

  @Test
  void close_withoutCommit_discardsAndThrows(RedisDeployment server) {
    HotTransaction tx = client.transaction();
    list.add("a");

    assertThatThrownBy(tx::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed without commit()")
        .hasMessageContaining("1 queued commands were discarded");
    assertThat(server.execute("EXISTS", LIST)).isEqualTo(0L);
    assertThat(list.size()).isZero();
  }

  @Test
  void close_withoutCommitOrCalls_isQuiet() {
    HotTransaction tx = client.transaction();
    tx.close();
    assertThat(list.add("x")).isTrue();
    assertThat(list.size()).isEqualTo(1);
  }

  @Test
  void discard_dropsQueuedCalls(RedisDeployment server) {
    try (HotTransaction tx = client.transaction()) {
      list.add("a");
      tx.discard();
    }
    assertThat(server.execute("EXISTS", LIST)).isEqualTo(0L);
  }

  @Test
  void stateDependentCall_withoutDefer_throwsNamingTheMethod() {
    try (HotTransaction tx = client.transaction()) {
      assertThatThrownBy(() -> counter.incrementAndGet())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("TestCounter.incrementAndGet")
          .hasMessageContaining("tx.defer");
      assertThatThrownBy(() -> list.size())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("TestList.size");
      tx.discard();
    }
  }

  @Test
  void defer_stateDependentCalls_deliverResultsAfterCommit() {
    counter.set(41);
    list.add("x");
    Deferred<Long> incremented;
    Deferred<Long> added;
    Deferred<Long> size;
    Deferred<String> head;
    try (HotTransaction tx = client.transaction()) {
      incremented = tx.defer(() -> counter.incrementAndGet());
      added = tx.defer(() -> counter.addAndGet(8));
      list.add("y");
      size = tx.defer(() -> list.size());
      head = tx.defer(() -> list.get(0));
      assertThatThrownBy(incremented::get)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not executed yet");
      assertThat(incremented.isDone()).isFalse();
      tx.commit();
    }

    assertThat(incremented.get()).isEqualTo(42);
    assertThat(added.get()).isEqualTo(50);
    assertThat(size.get()).isEqualTo(2);
    assertThat(head.get()).isEqualTo("x");
    assertThat(incremented.isDone()).isTrue();
  }

  @Test
  void defer_blindCall_completesWithItsOwnResult() {
    Deferred<Boolean> added;
    try (HotTransaction tx = client.transaction()) {
      added = tx.defer(() -> list.add("a"));
      tx.commit();
    }
    assertThat(added.get()).isTrue();
    assertThat(list.all()).containsExactly("a");
  }

  @Test
  void defer_discardedTransaction_reportsDiscard() {
    Deferred<Long> value;
    try (HotTransaction tx = client.transaction()) {
      value = tx.defer(() -> counter.incrementAndGet());
      tx.discard();
    }
    assertThatThrownBy(value::get)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("discarded");
    assertThat(counter.get()).isZero();
  }

  @Test
  void multiStepMethod_insideTransaction_isRefused() {
    try (HotTransaction tx = client.transaction()) {
      assertThatThrownBy(() -> counter.getTwice())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("several round trips");
      assertThatThrownBy(() -> tx.defer(() -> counter.getTwice()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("several round trips");
      tx.discard();
    }
  }

  @Test
  void nested_joinsOuter_andCommitsOnce(RedisDeployment server) {
    try (HotTransaction outer = client.transaction()) {
      list.add("a");
      try (HotTransaction inner = client.transaction()) {
        list.add("b");
        inner.commit();
      }
      assertThat(server.execute("EXISTS", LIST)).isEqualTo(0L);
      list.add("c");
      outer.commit();
    }
    assertThat(list.all()).containsExactly("a", "b", "c");
    assertThat(server.commandCalls("exec")).isEqualTo(1);
  }

  @Test
  void nested_failure_makesOuterCommitDiscard(RedisDeployment server) {
    try (HotTransaction outer = client.transaction()) {
      list.add("a");
      try {
        client.transaction(
            inner -> {
              list.add("b");
              throw new IllegalStateException("inner failed");
            });
      } catch (IllegalStateException expected) {
        assertThat(expected).hasMessage("inner failed");
      }
      assertThatThrownBy(outer::commit)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("nested transaction block failed");
    }
    assertThat(server.execute("EXISTS", LIST)).isEqualTo(0L);
  }

  @Test
  void otherThreads_areNotPartOfTheTransaction() throws Exception {
    try (HotTransaction tx = client.transaction()) {
      list.add("queued");
      CompletableFuture.runAsync(() -> counter.set(7)).get(10, TimeUnit.SECONDS);
      assertThat(CompletableFuture.supplyAsync(() -> counter.get()).get(10, TimeUnit.SECONDS))
          .isEqualTo(7);
      assertThat(CompletableFuture.supplyAsync(() -> list.size()).get(10, TimeUnit.SECONDS))
          .isZero();
      tx.commit();
    }
    assertThat(list.size()).isEqualTo(1);
  }

  @Test
  void transaction_usedFromAnotherThread_isRefused() throws Exception {
    try (HotTransaction tx = client.transaction()) {
      Future<?> commit = CompletableFuture.runAsync(tx::commit);
      assertThatThrownBy(() -> commit.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IllegalStateException.class)
          .hasMessageContaining("belongs to the thread that opened it");
      tx.discard();
    }
  }

  @Test
  void objectOfAnotherClient_insideTransaction_isRefused(RedisDeployment server) {
    try (HotClient other = HotClient.create(server.uri());
        HotTransaction tx = client.transaction()) {
      TestList foreign = new TestList(other, "foreign");
      assertThatThrownBy(() -> foreign.add("a"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("a transaction covers objects of one client");
      tx.discard();
    }
  }

  @Test
  void commandFailingAtExec_othersApplied_reportsWhichFailed(RedisDeployment server) {
    server.execute("HSET", COUNTER, "field", "value");

    assertThatThrownBy(
            () ->
                client.transaction(
                    tx -> {
                      list.add("a");
                      counter.add(1);
                      list.add("b");
                    }))
        .isInstanceOf(HotTransactionException.class)
        .hasMessageContaining("1 of 3 commands failed")
        .hasMessageContaining("Redis does not roll back")
        .hasMessageContaining("TestCounter '" + COUNTER + "'")
        .satisfies(e -> assertThat(e.getSuppressed()[0]).isInstanceOf(HotWrongTypeException.class));

    assertThat(list.all()).containsExactly("a", "b");
  }

  @Test
  void commandRefusedWhenQueued_nothingApplied(RedisDeployment server) {
    assertThatThrownBy(
            () ->
                client.transaction(
                    tx -> {
                      list.add("a");
                      counter.sendMalformed();
                    }))
        .isInstanceOf(HotTransactionException.class)
        .hasMessageContaining("Redis refused the transaction, so none of its 2 commands ran");
    assertThat(server.execute("EXISTS", LIST)).isEqualTo(0L);
  }

  @Test
  void deferredCall_failingAtExec_throwsItsOwnException(RedisDeployment server) {
    server.execute("SET", COUNTER, "not a number");
    Deferred<Long> value;
    try (HotTransaction tx = client.transaction()) {
      value = tx.defer(() -> counter.incrementAndGet());
      assertThatThrownBy(tx::commit).isInstanceOf(HotTransactionException.class);
    }
    assertThatThrownBy(value::get)
        .isInstanceOf(org.hotredis.codec.CodecException.class)
        .hasMessageContaining("key '" + COUNTER + "'")
        .hasMessageContaining("not an integer");
  }

  @Test
  void hotRedisTransaction_usesTheDefaultClient(RedisDeployment server) {
    HotRedis.configure(client);
    try {
      TestList viaDefault = new TestList(null, "default-list");
      HotRedis.transaction(tx -> viaDefault.add("a"));
      assertThat(viaDefault.all()).containsExactly("a");
      assertThat(server.commandCalls("exec")).isEqualTo(1);
    } finally {
      HotRedis.reset();
    }
  }

  // ---- Redis Cluster: keys in different slots ----

  @Test
  void transaction_keysInDifferentClusterSlots_refusedNamingBothKeys(RedisDeployment server) {
    assumeTrue(server.isCluster(), "hash slots exist on a cluster only");
    TestList apart = new TestList(client, "apart");
    assertThat(slot(server, "apart")).isNotEqualTo(slot(server, LIST));

    assertThatThrownBy(
            () ->
                client.transaction(
                    tx -> {
                      list.add("a");
                      apart.add("b");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'" + LIST + "' (slot " + slot(server, LIST) + ")")
        .hasMessageContaining("'apart' (slot " + slot(server, "apart") + ")")
        .hasMessageContaining("common hash tag")
        .hasMessageNotContaining("CROSSSLOT");

    assertThat(server.execute("EXISTS", LIST)).isEqualTo(0L);
    assertThat(server.execute("EXISTS", "apart")).isEqualTo(0L);
    assertThat(server.commandCalls("multi")).isZero();
  }

  @Test
  void optimistic_watchedKeysInDifferentClusterSlots_refusedNamingBothKeys(RedisDeployment server) {
    assumeTrue(server.isCluster(), "hash slots exist on a cluster only");
    TestCounter apart = new TestCounter(client, "apart");
    assertThat(slot(server, "apart")).isNotEqualTo(slot(server, COUNTER));
    int[] runs = {0};

    assertThatThrownBy(() -> client.optimistic(List.of(counter, apart), tx -> runs[0]++))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'" + COUNTER + "' (slot " + slot(server, COUNTER) + ")")
        .hasMessageContaining("'apart' (slot " + slot(server, "apart") + ")")
        .hasMessageContaining("common hash tag");

    assertThat(runs[0]).isZero();
    assertThat(server.commandCalls("watch")).isZero();
  }

  @Test
  void optimistic_writeInAnotherClusterSlot_refusedNamingTheWatchedKey(RedisDeployment server) {
    assumeTrue(server.isCluster(), "hash slots exist on a cluster only");
    counter.set(1);
    TestCounter apart = new TestCounter(client, "apart");

    assertThatThrownBy(
            () ->
                client.optimistic(
                    List.of(counter),
                    tx -> {
                      long value = counter.get();
                      apart.set(value);
                      return value;
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'" + COUNTER + "' (slot " + slot(server, COUNTER) + ")")
        .hasMessageContaining("'apart' (slot " + slot(server, "apart") + ")")
        .hasMessageContaining("common hash tag");

    assertThat(server.execute("EXISTS", "apart")).isEqualTo(0L);
    assertThat(server.commandCalls("multi")).isZero();
  }

  private static long slot(RedisDeployment server, String key) {
    return (Long) requireNonNull(server.execute("CLUSTER", "KEYSLOT", key));
  }

  // ---- optimistic transactions ----

  @Test
  void optimistic_readModifyWrite_commitsAndReturnsResult() {
    counter.set(21);
    long doubled =
        client.optimistic(
            List.of(counter),
            tx -> {
              long value = counter.get();
              counter.set(value * 2);
              return value * 2;
            });
    assertThat(doubled).isEqualTo(42);
    assertThat(counter.get()).isEqualTo(42);
  }

  @Test
  @Timeout(60)
  void optimistic_concurrentWriters_loseNoUpdate(RedisDeployment server) throws Exception {
    int threads = 8;
    int perThread = 100;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    client.optimistic(
                        List.of(counter),
                        tx -> {
                          long value = counter.get();
                          counter.set(value + 1);
                          return null;
                        });
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(counter.get()).isEqualTo((long) threads * perThread);
    assertThat(server.commandCalls("watch")).isGreaterThanOrEqualTo((long) threads * perThread);
  }

  @Test
  void optimistic_conflict_rerunsTheBody(RedisDeployment server) {
    counter.set(1);
    int[] attempts = {0};
    long result =
        client.optimistic(
            List.of(counter),
            tx -> {
              long value = counter.get();
              if (attempts[0]++ == 0) {
                server.execute("SET", COUNTER, "100");
              }
              counter.set(value + 1);
              return value + 1;
            });
    assertThat(attempts[0]).isEqualTo(2);
    assertThat(result).isEqualTo(101);
    assertThat(counter.get()).isEqualTo(101);
  }

  @Test
  void optimistic_readAfterWrite_isRefused() {
    assertThatThrownBy(
            () ->
                client.optimistic(
                    List.of(counter),
                    tx -> {
                      counter.set(1);
                      return counter.get();
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("queued a write");
    assertThat(counter.get()).isZero();
  }

  @Test
  void optimistic_withoutWrites_returnsAndReleasesTheWatch(RedisDeployment server) {
    counter.set(3);
    assertThat(client.<Long>optimistic(List.of(counter), tx -> counter.get())).isEqualTo(3);
    assertThat(server.commandCalls("multi")).isZero();
    // the connection went back to the pool unwatched: a later transaction is not aborted by it
    counter.set(4);
    client.transaction(tx -> counter.set(5));
    assertThat(counter.get()).isEqualTo(5);
  }

  @Test
  void optimistic_deferredWrite_deliversResult() {
    counter.set(1);
    Deferred<Long> incremented =
        client.optimistic(
            List.of(counter),
            tx -> {
              counter.get();
              return tx.defer(() -> counter.incrementAndGet());
            });
    assertThat(incremented.get()).isEqualTo(2);
  }

  @Test
  void optimistic_commitCalledInBody_isRefused() {
    assertThatThrownBy(
            () ->
                client.optimistic(
                    List.of(counter),
                    tx -> {
                      counter.set(1);
                      tx.commit();
                      return null;
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("commits when its body returns");
    assertThat(counter.get()).isZero();
  }

  @Test
  void optimistic_readsUseTheWatchingConnection_soOnePooledConnectionSuffices(
      RedisDeployment server) {
    try (HotClient single = HotClient.builder().uri(server.uri()).poolSize(1).build()) {
      TestCounter c = new TestCounter(single, "single");
      c.set(1);
      long value =
          single.optimistic(
              List.of(c),
              tx -> {
                long v = c.get() + c.getViaScript();
                c.set(v);
                return v;
              });
      assertThat(value).isEqualTo(2);
      assertThat(c.get()).isEqualTo(2);
    }
  }
}
