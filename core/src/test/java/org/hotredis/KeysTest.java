package org.hotredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class KeysTest {

  private static final String[] ALPHABET = {
    "a", "b", "x", "{", "}", "{", "}", ":", "-", "\u00e9", "\u4e2d", "\uD83D\uDE00"
  };

  /** CRC16-CCITT (XMODEM), as Redis Cluster's keyHashSlot computes it, written independently. */
  private static int crc16(byte[] bytes, int from, int to) {
    int crc = 0;
    for (int i = from; i < to; i++) {
      crc ^= (bytes[i] & 0xFF) << 8;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
        crc &= 0xFFFF;
      }
    }
    return crc;
  }

  /** The slot as Redis's cluster.c keyHashSlot defines it, on the key's UTF-8 bytes. */
  private static int referenceSlot(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    int open = -1;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '{') {
        open = i;
        break;
      }
    }
    if (open >= 0) {
      for (int close = open + 1; close < bytes.length; close++) {
        if (bytes[close] == '}') {
          if (close > open + 1) {
            return crc16(bytes, open + 1, close) & 16383;
          }
          break;
        }
      }
    }
    return crc16(bytes, 0, bytes.length) & 16383;
  }

  private static String randomText(Random random, int minLength, int maxLength) {
    int length = minLength + random.nextInt(maxLength - minLength + 1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return out.toString();
  }

  @Test
  void companion_plainKey_wrapsKeyInHashTag() {
    String companion = Keys.companion("foo", "set");

    assertThat(companion).isEqualTo("{foo}:set");
    assertThat(Keys.slot(companion)).isEqualTo(Keys.slot("foo"));
  }

  @Test
  void companion_keyWithHashTag_keepsTag() {
    String companion = Keys.companion("{user:1}:cart", "set");

    assertThat(companion).isEqualTo("{user:1}:cart:set");
    assertThat(Keys.slot(companion)).isEqualTo(Keys.slot("{user:1}:cart"));
    assertThat(Keys.slot(companion)).isEqualTo(Keys.slot("user:1"));
  }

  @Test
  void companion_tagInMiddleOfKey_keepsTag() {
    assertThat(Keys.companion("order{42}items", "lock")).isEqualTo("order{42}items:lock");
    assertThat(Keys.companion("}{a}", "n")).isEqualTo("}{a}:n");
    assertThat(Keys.companion("foo{{bar}}zap", "n")).isEqualTo("foo{{bar}}zap:n");
  }

  @Test
  void companion_openBraceWithoutClose_wrapsAndSharesSlot() {
    String companion = Keys.companion("a{b", "set");

    assertThat(companion).isEqualTo("{a{b}:set");
    assertThat(Keys.slot(companion)).isEqualTo(Keys.slot("a{b"));
  }

  @Test
  void companion_closeBraceWithoutTag_throwsIllegalArgument() {
    assertThatThrownBy(() -> Keys.companion("a}b", "set"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "key 'a}b' contains '}' but no hash tag, so no companion key can share its cluster"
                + " slot; use a key with a hash tag such as '{ab}'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a{}b", "{}", "{}{a}", "foo{}{bar}", "}", "}{", "x}y{z"})
  void companion_braceWithoutNonEmptyTag_throwsIllegalArgument(String key) {
    assertThatThrownBy(() -> Keys.companion(key, "set"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("key '" + key + "' contains '}' but no hash tag");
  }

  @Test
  void companion_emptyKey_sharesSlotOrThrows() {
    String companion;
    try {
      companion = Keys.companion("", "set");
    } catch (IllegalArgumentException refused) {
      return; // refusing the empty key is an acceptable fix too
    }
    assertThat(Keys.slot(companion)).isEqualTo(Keys.slot(""));
  }

  @Test
  void companion_nullArguments_throwNullPointerException() {
    assertThatThrownBy(() -> Keys.companion(null, "set"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key");
    assertThatThrownBy(() -> Keys.companion("k", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("suffix");
  }

  @Test
  void slot_foo_matchesRedisClusterKeyslot() {
    assertThat(Keys.slot("foo")).isEqualTo(12182);
    assertThat(Keys.slot("")).isZero();
  }

  @Test
  void slot_hashTag_hashesOnlyTag() {
    assertThat(Keys.slot("{foo}bar")).isEqualTo(Keys.slot("foo"));
    assertThat(Keys.slot("{user1000}.following")).isEqualTo(Keys.slot("{user1000}.followers"));
    assertThat(Keys.slot("foo{bar}{zap}")).isEqualTo(Keys.slot("bar"));
    assertThat(Keys.slot("foo{{bar}}zap")).isEqualTo(Keys.slot("{bar"));
  }

  @Test
  void slot_emptyTag_hashesWholeKey() {
    assertThat(Keys.slot("foo{}{bar}")).isEqualTo(referenceSlot("foo{}{bar}"));
    assertThat(Keys.slot("foo{}{bar}")).isNotEqualTo(Keys.slot("bar"));
  }

  @Test
  void slot_bytesAndString_agree() {
    String key = "\u4e2d{\uD83D\uDE00}x";

    assertThat(Keys.slot(key.getBytes(StandardCharsets.UTF_8))).isEqualTo(Keys.slot(key));
  }

  @Test
  void slot_randomKeys_matchesReferenceImplementation() {
    Random random = new Random(16384L);
    for (int i = 0; i < 2_000; i++) {
      String key = randomText(random, 0, 12);

      assertThat(Keys.slot(key)).as("slot of %s", key).isEqualTo(referenceSlot(key));
    }
  }

  @Test
  void companion_randomKeys_alwaysShareTheKeysSlot() {
    Random random = new Random(20240601L);
    int accepted = 0;
    int refused = 0;
    int tagged = 0;
    while (accepted < 1_500) {
      String key = randomText(random, 1, 10);
      String suffix = randomText(random, 1, 4);
      String companion;
      try {
        companion = Keys.companion(key, suffix);
      } catch (IllegalArgumentException e) {
        assertThat(key).as("refused key").contains("}");
        assertThat(Keys.hashTag(key)).as("tag of refused key %s", key).isNull();
        refused++;
        continue;
      }
      accepted++;
      if (Keys.hashTag(key) != null) {
        tagged++;
        assertThat(companion).isEqualTo(key + ":" + suffix);
      } else {
        assertThat(companion).isEqualTo("{" + key + "}:" + suffix);
      }
      assertThat(Keys.slot(companion))
          .as("slot of companion %s of key %s", companion, key)
          .isEqualTo(Keys.slot(key))
          .isEqualTo(referenceSlot(key));
    }
    // the generator must have exercised every branch
    assertThat(tagged).isGreaterThan(100);
    assertThat(accepted - tagged).isGreaterThan(100);
    assertThat(refused).isGreaterThan(100);
  }

  @Test
  void hashTag_variousKeys_followsRedisRule() {
    assertThat(Keys.hashTag("foo")).isNull();
    assertThat(Keys.hashTag("{foo}")).isEqualTo("foo");
    assertThat(Keys.hashTag("a{b}c{d}")).isEqualTo("b");
    assertThat(Keys.hashTag("{}x")).isNull();
    assertThat(Keys.hashTag("x{y")).isNull();
    assertThat(Keys.hashTag("}{y}")).isEqualTo("y");
    assertThat(Keys.hashTag("{{a}}")).isEqualTo("{a");
  }
}
