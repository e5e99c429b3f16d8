package org.hotredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;
import org.hotredis.codec.CodecException;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RedisTest
final class HotObjectTest {
  private HotClient client;

  @BeforeEach
  void open(RedisDeployment server) {
    client = HotClient.create(server.uri());
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void key_notGiven_isARandomUuid() {
    TestList a = new TestList(client, null);
    TestList b = new TestList(client, "");
    assertThat(UUID.fromString(a.key())).isNotNull();
    assertThat(UUID.fromString(b.key())).isNotNull();
    assertThat(a.key()).isNotEqualTo(b.key());
  }

  @Test
  void sameKey_twoHandles_shareTheData() {
    new TestList(client, "shared").add("a");
    assertThat(new TestList(client, "shared").all()).containsExactly("a");
  }

  @Test
  void delete_removesKeyAndCompanions(RedisDeployment server) {
    TestList list = new TestList(client, "l");
    list.add("a");
    list.setMeta("m");
    assertThat(list.exists()).isTrue();

    assertThat(list.delete()).isTrue();

    assertThat(list.exists()).isFalse();
    assertThat(server.execute("EXISTS", "l", list.companionKey())).isEqualTo(0L);
    assertThat(list.delete()).isFalse();
  }

  @Test
  void expire_setsMillisecondTtlOnAllKeys(RedisDeployment server) {
    TestList list = new TestList(client, "l");
    list.add("a");
    list.setMeta("m");

    assertThat(list.expire(Duration.ofMillis(60_500))).isTrue();

    assertThat(list.ttl())
        .hasValueSatisfying(
            ttl -> assertThat(ttl).isBetween(Duration.ofSeconds(50), Duration.ofMillis(60_500)));
    assertThat((Long) server.execute("PTTL", list.companionKey())).isBetween(50_000L, 60_500L);
  }

  @Test
  void expire_singleKeyObject_usesPexpire(RedisDeployment server) {
    TestCounter counter = new TestCounter(client, "c");
    counter.set(1);
    assertThat(counter.expire(Duration.ofSeconds(30))).isTrue();
    assertThat(server.commandCalls("pexpire")).isEqualTo(1);
    assertThat(counter.ttl()).isPresent();
  }

  @Test
  void expire_missingKey_returnsFalse() {
    assertThat(new TestCounter(client, "absent").expire(Duration.ofSeconds(1))).isFalse();
  }

  @Test
  void expire_nonPositive_isRefused() {
    TestCounter counter = new TestCounter(client, "c");
    assertThatThrownBy(() -> counter.expire(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> counter.expire(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ttl_persistentOrMissing_isEmpty() {
    TestCounter counter = new TestCounter(client, "c");
    assertThat(counter.ttl()).isEmpty();
    counter.set(1);
    assertThat(counter.ttl()).isEmpty();
  }

  @Test
  void persist_removesTtlFromAllKeys(RedisDeployment server) {
    TestList list = new TestList(client, "l");
    list.add("a");
    list.setMeta("m");
    list.expire(Duration.ofSeconds(30));

    assertThat(list.persist()).isTrue();

    assertThat(list.ttl()).isEmpty();
    assertThat(server.execute("PTTL", list.companionKey())).isEqualTo(-1L);
    assertThat(list.persist()).isFalse();
  }

  @Test
  void wrongType_namesKeyExpectedAndActualType(RedisDeployment server) {
    server.execute("HSET", "l", "f", "v");
    TestList list = new TestList(client, "l");

    assertThatThrownBy(() -> list.add("a"))
        .isInstanceOf(HotWrongTypeException.class)
        .hasMessage("WRONGTYPE on key 'l': expected a list, found a hash")
        .satisfies(
            e -> {
              HotWrongTypeException wrong = (HotWrongTypeException) e;
              assertThat(wrong.key()).isEqualTo("l");
              assertThat(wrong.expected()).isEqualTo("list");
              assertThat(wrong.actual()).isEqualTo("hash");
            });
    assertThatThrownBy(list::size).isInstanceOf(HotWrongTypeException.class);
    assertThat(server.execute("HGET", "l", "f")).isEqualTo("v");
  }

  @Test
  void wrongType_fromAScript_namesTheMismatchedKey(RedisDeployment server) {
    TestList list = new TestList(client, "l");
    server.execute("SADD", list.companionKey(), "x");

    assertThatThrownBy(() -> list.clobber("v"))
        .isInstanceOf(HotWrongTypeException.class)
        .hasMessageContaining("'" + list.companionKey() + "'")
        .hasMessageContaining("expected a string, found a set");
  }

  @Test
  void undecodableStoredValue_namesKeyAndType(RedisDeployment server) {
    server.execute("SET", "c", "twelve");
    TestCounter counter = new TestCounter(client, "c");

    assertThatThrownBy(counter::get)
        .isInstanceOf(CodecException.class)
        .hasMessage("key 'c': cannot decode 'twelve' as Long: not a decimal integer")
        .satisfies(e -> assertThat(((CodecException) e).key()).isEqualTo("c"));
    assertThatThrownBy(counter::incrementAndGet)
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("key 'c'")
        .hasMessageContaining("not an integer");
  }

  @Test
  void overflow_becomesArithmeticException(RedisDeployment server) {
    server.execute("SET", "c", Long.toString(Long.MAX_VALUE));
    TestCounter counter = new TestCounter(client, "c");

    assertThatThrownBy(counter::incrementAndGet)
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("TestCounter 'c'");
    assertThat(counter.get()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void nullValue_isRefusedWithNullPointerException() {
    TestList list = new TestList(client, "l");
    assertThatThrownBy(() -> list.add(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void atomically_replacesStoredDataInOneMultiExec(RedisDeployment server) {
    TestList list = new TestList(client, "l");
    list.add("old");
    list.setMeta("m");
    server.resetStats();

    list.replace(java.util.List.of("a", "b"));

    assertThat(list.all()).containsExactly("a", "b");
    assertThat(server.execute("EXISTS", list.companionKey())).isEqualTo(0L);
    assertThat(server.commandCalls("multi")).isEqualTo(1);
    assertThat(server.commandCalls("exec")).isEqualTo(1);
  }

  @Test
  void atomically_insideTransaction_joinsIt(RedisDeployment server) {
    TestList list = new TestList(client, "l");
    list.add("old");
    server.resetStats();

    client.transaction(
        tx -> {
          list.replace(java.util.List.of("new"));
          list.add("more");
        });

    assertThat(list.all()).containsExactly("new", "more");
    assertThat(server.commandCalls("exec")).isEqualTo(1);
  }

  @Test
  void describe_namesTypeAndKey() {
    assertThat(new TestList(client, "orders").redis().describe()).isEqualTo("TestList 'orders'");
  }
}
