package org.hotredis.strings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import org.hotredis.HotClient;
import org.hotredis.HotRedis;
import org.hotredis.HotTransaction;
import org.hotredis.HotWrongTypeException;
import org.hotredis.Keys;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RedisTest
final class HotImmutableStringTest {
  private HotClient client;

  @BeforeEach
  void open(RedisDeployment server) {
    client = HotClient.create(server.uri());
  }

  @AfterEach
  void close() {
    client.close();
  }

  private HotImmutableString string(String key) {
    return HotImmutableString.builder().client(client).key(key).build();
  }

  private HotImmutableString string(String key, String initial) {
    return HotImmutableString.builder().client(client).key(key).initial(initial).build();
  }

  @Test
  void concat_createsANewKeyInTheSameSlot_andLeavesTheOriginal(RedisDeployment server) {
    HotImmutableString original = string("greeting", "héllo");

    HotImmutableString longer = original.concat(" wörld");

    assertThat(longer.key()).isNotEqualTo("greeting").startsWith("{greeting}:");
    assertThat(Keys.slot(longer.key())).isEqualTo(Keys.slot("greeting"));
    assertThat(longer.toString()).isEqualTo("héllo wörld");
    assertThat(original.toString()).isEqualTo("héllo");
    assertThat(server.execute("GET", "greeting")).isEqualTo("héllo");
    assertThat(longer.ttl()).isEmpty();
    assertThat(server.execute("DBSIZE")).isEqualTo(2L);
  }

  @Test
  void concat_hashTaggedKey_keepsTheTag() {
    HotImmutableString original = string("{user:1}:name", "Ada");

    HotImmutableString first = original.concat(" L.");
    HotImmutableString second = first.concat("!");

    assertThat(first.key()).startsWith("{user:1}:name:");
    assertThat(Keys.slot(first.key())).isEqualTo(Keys.slot("{user:1}:name"));
    assertThat(Keys.slot(second.key())).isEqualTo(Keys.slot("{user:1}:name"));
    assertThat(second.toString()).isEqualTo("Ada L.!");
  }

  @Test
  void concat_withTtl_expiresTheNewKeyOnly(RedisDeployment server) {
    HotImmutableString original = string("s", "a");

    HotImmutableString derived = original.concat("b", Duration.ofSeconds(60));

    assertThat((Long) server.execute("PTTL", derived.key())).isBetween(50_000L, 60_000L);
    assertThat(original.ttl()).isEmpty();
    assertThat(derived.toString()).isEqualTo("ab");
  }

  @Test
  void concat_emptySuffix_stillCreatesANewKey() {
    HotImmutableString original = string("s", "abc");
    HotImmutableString copy = original.concat("");
    assertThat(copy).isNotEqualTo(original);
    assertThat(copy.toString()).isEqualTo("abc");
    assertThat(copy.delete()).isTrue();
    assertThat(original.toString()).isEqualTo("abc");
  }

  @Test
  void concat_missingSource_holdsTheSuffix() {
    HotImmutableString derived = string("absent").concat("x");
    assertThat(derived.toString()).isEqualTo("x");
    assertThat(derived.exists()).isTrue();
  }

  @Test
  void repeat_createsANewKey_andLeavesTheOriginal() {
    HotImmutableString original = string("s", "ab😀");

    HotImmutableString tripled = original.repeat(3);

    assertThat(tripled.toString()).isEqualTo("ab😀ab😀ab😀");
    assertThat(tripled.length()).isEqualTo(12);
    assertThat(Keys.slot(tripled.key())).isEqualTo(Keys.slot("s"));
    assertThat(original.toString()).isEqualTo("ab😀");
  }

  @Test
  void repeat_zeroOrNegative_storesTheEmptyString(RedisDeployment server) {
    HotImmutableString original = string("s", "ab");
    HotImmutableString none = original.repeat(0);
    HotImmutableString negative = original.repeat(-1, Duration.ofMinutes(1));
    assertThat(server.execute("GET", none.key())).isEqualTo("");
    assertThat(negative.toString()).isEmpty();
    assertThat(negative.ttl()).isPresent();
  }

  @Test
  void derived_tooLarge_isRefusedAndCreatesNothing(RedisDeployment server) {
    HotImmutableString original = string("s", "0123456789");
    assertThatThrownBy(() -> original.repeat(100_000_000))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("536870912");
    assertThat(server.execute("DBSIZE")).isEqualTo(1L);
  }

  @Test
  void derived_ownedByTheCaller_deleteRemovesOnlyIt(RedisDeployment server) {
    HotImmutableString original = string("s", "a");
    HotImmutableString derived = original.concat("b");

    assertThat(derived.delete()).isTrue();

    assertThat(server.execute("EXISTS", derived.key())).isEqualTo(0L);
    assertThat(original.toString()).isEqualTo("a");
  }

  @Test
  void concat_insideTransaction_isQueuedAndReturnsTheNewObject(RedisDeployment server) {
    HotImmutableString original = string("s", "a");
    HotImmutableString derived;
    try (HotTransaction tx = client.transaction()) {
      derived = original.concat("b");
      assertThat(server.execute("EXISTS", derived.key())).isEqualTo(0L);
      tx.commit();
    }
    assertThat(derived.toString()).isEqualTo("ab");
  }

  @Test
  void concat_wrongTypeSource_throwsAndCreatesNothing(RedisDeployment server) {
    server.execute("SADD", "s", "x");
    HotImmutableString original = string("s");
    assertThatThrownBy(() -> original.concat("b"))
        .isInstanceOf(HotWrongTypeException.class)
        .hasMessage("WRONGTYPE on key 's': expected a string, found a set");
    assertThat(server.execute("DBSIZE")).isEqualTo(1L);
  }

  @Test
  void concat_badArguments_areRefused() {
    HotImmutableString original = string("s", "a");
    assertThatThrownBy(() -> original.concat("\uD800"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired surrogate");
    assertThatThrownBy(() -> original.concat("b", Duration.ZERO))
        .isExactlyInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> original.repeat(2, Duration.ofSeconds(-1)))
        .isExactlyInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> original.concat(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void textWrittenByPython_readsBack(RedisDeployment server) {
    server.execute("SET", "py", "héllo");
    HotImmutableString s = string("py");
    assertThat(s.toString()).isEqualTo("héllo");
    assertThat(s.length()).isEqualTo(5);
    assertThat(s.charAt(1)).isEqualTo('é');
    assertThat(s.substring(1)).isEqualTo("éllo");
    assertThat(s.indexOf("llo")).isEqualTo(2);
    assertThat(s.contains("él")).isTrue();
    assertThat(s.contentEquals("héllo")).isTrue();
    assertThat(s.isEmpty()).isFalse();
  }

  @Test
  void reads_haveTheCharSemanticsOfHotString() {
    HotImmutableString s = string("s", "x😀y");
    assertThat(s.length()).isEqualTo(4);
    assertThat(s.charAt(2)).isEqualTo('\uDE00');
    assertThat(s.subSequence(0, 2).toString()).isEqualTo("x\uD83D");
    assertThat(s.lastIndexOf("y")).isEqualTo(3);
    assertThatThrownBy(() -> s.substring(3, 5))
        .isExactlyInstanceOf(StringIndexOutOfBoundsException.class)
        .hasMessage("start 3, end 5, length 4 (HotImmutableString 's')");
  }

  @Test
  void initial_emptyString_isStored(RedisDeployment server) {
    string("s", "");
    assertThat(server.execute("EXISTS", "s")).isEqualTo(1L);
  }

  @Test
  void equals_sameKeyAndClient_isEqual(RedisDeployment server) {
    HotImmutableString a = string("s");
    HotImmutableString b = string("s");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(string("t"));
    assertThat(a).isNotEqualTo(HotString.builder().client(client).key("s").build());
    try (HotClient other = HotClient.create(server.uri())) {
      assertThat(a).isNotEqualTo(HotImmutableString.builder().client(other).key("s").build());
    }
  }

  @Test
  void publicMethods_includeNoMutator() {
    Set<String> mutators =
        Set.of("append", "insert", "set", "replace", "setCharAt", "setLength", "reverse");
    assertThat(
            Arrays.stream(HotImmutableString.class.getMethods())
                .map(Method::getName)
                .filter(mutators::contains))
        .isEmpty();
  }

  @Test
  void builder_noClient_usesTheDefaultClient(RedisDeployment server) {
    server.execute("SET", "s", "v");
    HotRedis.configure(client);
    try {
      assertThat(HotImmutableString.builder().key("s").build().toString()).isEqualTo("v");
    } finally {
      HotRedis.reset();
    }
  }
}
