package org.hotredis.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class ByteSetTest {

  @Test
  void add_randomStrings_agreesWithAHashSetOfTheirContents() {
    Random random = new Random(7);
    ByteSet set = new ByteSet();
    Set<String> reference = new HashSet<>();
    List<byte[]> added = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      byte[] value = new byte[random.nextInt(6)];
      random.nextBytes(value);
      String text = new String(value, StandardCharsets.ISO_8859_1);
      boolean fresh = reference.add(text);
      assertThat(set.add(value.clone())).as("add #%s", i).isEqualTo(fresh);
      if (fresh) {
        added.add(value);
      }
    }
    assertThat(set.size()).isEqualTo(reference.size());
    assertThat(set.toList()).containsExactlyElementsOf(added);
    for (byte[] value : added) {
      assertThat(set.contains(value.clone())).isTrue();
    }
  }

  @Test
  void contains_prefixesAndTheEmptyString_areDistinct() {
    ByteSet set = new ByteSet();
    assertThat(set.contains(new byte[0])).isFalse();
    assertThat(set.add(bytes("ab"))).isTrue();
    assertThat(set.contains(bytes("a"))).isFalse();
    assertThat(set.contains(bytes("abc"))).isFalse();
    assertThat(set.add(new byte[0])).isTrue();
    assertThat(set.add(new byte[0])).isFalse();
    assertThat(set.contains(bytes("ab"))).isTrue();
  }

  @Test
  void allocation_boundsWhatTheArraysTake() {
    ByteSet set = new ByteSet();
    long before = set.allocation(1_000, 20_000);
    for (int i = 0; i < 1_000; i++) {
      set.add(bytes(String.format("%020d", i)));
    }
    assertThat(set.allocation(0, 0)).isLessThanOrEqualTo(before).isGreaterThan(20_000L);
    assertThat(set.allocation(1, 20)).isGreaterThanOrEqualTo(set.allocation(0, 0));
    assertThat(set.allocation(1, Integer.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
