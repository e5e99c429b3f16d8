package org.hotredis.strings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.CharBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.hotredis.Deferred;
import org.hotredis.HotClient;
import org.hotredis.HotRedis;
import org.hotredis.HotTransaction;
import org.hotredis.HotTransactionException;
import org.hotredis.HotWrongTypeException;
import org.hotredis.codec.CodecException;
import org.hotredis.testing.JvmProcess;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@RedisTest
final class HotStringTest {
  private static final String MIXED = "a😀中é🎉z";

  private HotClient client;

  @BeforeEach
  void open(RedisDeployment server) {
    client = HotClient.create(server.uri());
  }

  @AfterEach
  void close() {
    client.close();
  }

  private HotString string(String key) {
    return HotString.builder().client(client).key(key).build();
  }

  private HotString string(String key, String initial) {
    return HotString.builder().client(client).key(key).initial(initial).build();
  }

  // ---- replace: the exhaustive port of the Python suite, and its missing shrinking case ----

  @Test
  void replace_everyRangeWithLongerText_matchesStringBuilder() {
    assertEveryReplaceMatchesStringBuilder("ABCDEFGHI");
  }

  @Test
  void replace_everyRangeWithShorterText_matchesStringBuilder() {
    assertEveryReplaceMatchesStringBuilder("XY");
  }

  @Test
  void replace_everyRangeWithNoText_matchesStringBuilder() {
    assertEveryReplaceMatchesStringBuilder("");
  }

  private void assertEveryReplaceMatchesStringBuilder(String replacement) {
    String original = "abcdefghi";
    HotString s = string("s");
    for (int i = 0; i <= 9; i++) {
      for (int j = i; j <= 9; j++) {
        s.set(original);
        s.replace(i, j, replacement);
        String expected = new StringBuilder(original).replace(i, j, replacement).toString();
        assertThat(s.toString()).as("replace(%d, %d, %s)", i, j, replacement).isEqualTo(expected);
      }
    }
  }

  @Test
  void replace_shrinkingRange_removesTheRest() {
    HotString s = string("s", "hello world");
    s.replace(0, 5, "HI");
    assertThat(s.toString()).isEqualTo("HI world");
  }

  @Test
  void replace_nonAsciiText_countsChars() {
    HotString s = string("s", MIXED);
    s.replace(1, 4, "ö");
    assertThat(s.toString()).isEqualTo("aöé🎉z");
  }

  @Test
  void replace_endPastLength_meansTheEnd() {
    HotString s = string("s", "abc");
    s.replace(1, 99, "Z");
    assertThat(s.toString()).isEqualTo("aZ");
  }

  // ---- a differential test against StringBuilder ----

  @Test
  void randomEdits_matchStringBuilder() {
    Random random = new Random(0x5EED_2024L);
    String[] pieces = {"a", "b", "Z", " ", "é", "ß", "ÿ", "中", "文", "😀", "🎉", "\0"};
    HotString hot = string("differential");
    StringBuilder model = new StringBuilder();
    for (int step = 0; step < 500; step++) {
      int length = model.length();
      int a = index(random, length);
      int b = random.nextInt(8) == 0 ? index(random, length) : a + random.nextInt(6);
      int newLength = random.nextInt(8) == 0 ? -1 : Math.max(0, length - 3 + random.nextInt(6));
      StringBuilder text = new StringBuilder();
      for (int k = random.nextInt(4); k > 0; k--) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      String t = text.toString();
      char c = "xyzéß中".charAt(random.nextInt(6));
      int count =
          random.nextInt(10) == 0 ? random.nextInt(2) - 1 : 1 + random.nextInt(length > 30 ? 1 : 3);
      String description;
      Consumer<StringBuilder> onModel;
      Consumer<HotString> onHot;
      List<Integer> boundaries = new ArrayList<>();
      switch (random.nextInt(10)) {
        case 0 -> {
          description = "insert(" + a + ", " + t + ")";
          onModel = sb -> sb.insert(a, t);
          onHot = s -> s.insert(a, t);
          boundaries.add(a);
        }
        case 1 -> {
          description = "delete(" + a + ", " + b + ")";
          onModel = sb -> sb.delete(a, b);
          onHot = s -> s.delete(a, b);
          boundaries.add(a);
          boundaries.add(Math.min(b, length));
        }
        case 2 -> {
          description = "replace(" + a + ", " + b + ", " + t + ")";
          onModel = sb -> sb.replace(a, b, t);
          onHot = s -> s.replace(a, b, t);
          boundaries.add(a);
          boundaries.add(Math.min(b, length));
        }
        case 3 -> {
          description = "deleteCharAt(" + a + ")";
          onModel = sb -> sb.deleteCharAt(a);
          onHot = s -> s.deleteCharAt(a);
          boundaries.add(a);
          boundaries.add(a + 1);
        }
        case 4 -> {
          description = "setCharAt(" + a + ", " + c + ")";
          onModel = sb -> sb.setCharAt(a, c);
          onHot = s -> s.setCharAt(a, c);
          boundaries.add(a);
          boundaries.add(a + 1);
        }
        case 5 -> {
          description = "setLength(" + newLength + ")";
          onModel = sb -> sb.setLength(newLength);
          onHot = s -> s.setLength(newLength);
          boundaries.add(newLength);
        }
        case 6 -> {
          description = "reverse()";
          onModel = StringBuilder::reverse;
          onHot = HotString::reverse;
        }
        case 7 -> {
          description = "repeat(" + count + ")";
          onModel =
              sb -> {
                String repeated = sb.toString().repeat(Math.max(count, 0));
                sb.setLength(0);
                sb.append(repeated);
              };
          onHot = s -> s.repeat(count);
        }
        default -> {
          description = "append(" + t + ")";
          onModel = sb -> sb.append(t);
          onHot = s -> s.append(t);
        }
      }

      StringBuilder next = new StringBuilder(model);
      Throwable expected = catchThrowable(() -> onModel.accept(next));
      Throwable actual = catchThrowable(() -> onHot.accept(hot));
      String step0 = "step " + step + ": " + description + " on '" + model + "'";
      if (expected != null) {
        assertThat(actual).as(step0).isExactlyInstanceOf(expected.getClass());
        assertThat(actual).as(step0).hasMessageStartingWith(expected.getMessage());
      } else if (boundaries.stream().anyMatch(i -> splitsPair(model, i))) {
        assertThat(actual)
            .as(step0)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("surrogate pair");
      } else {
        assertThat(actual).as(step0).isNull();
        model.setLength(0);
        model.append(next);
      }
      assertThat(hot.toString()).as(step0).isEqualTo(model.toString());
      assertThat(hot.length()).as(step0).isEqualTo(model.length());
      if (model.length() > 0) {
        int i = random.nextInt(model.length());
        int j = i + random.nextInt(model.length() - i + 1);
        assertThat(hot.charAt(i)).as(step0 + " charAt(%d)", i).isEqualTo(model.charAt(i));
        assertThat(hot.substring(i, j))
            .as(step0 + " substring(%d, %d)", i, j)
            .isEqualTo(model.substring(i, j));
      }
    }
  }

  /** Returns an index mostly from 0 to {@code length}, sometimes just outside that range. */
  private static int index(Random random, int length) {
    return random.nextInt(10) == 0 ? random.nextInt(length + 6) - 3 : random.nextInt(length + 1);
  }

  /** Whether a range boundary at {@code i} falls between the two chars of a surrogate pair. */
  private static boolean splitsPair(CharSequence text, int i) {
    return i > 0
        && i < text.length()
        && Character.isHighSurrogate(text.charAt(i - 1))
        && Character.isLowSurrogate(text.charAt(i));
  }

  // ---- storage ----

  @Test
  void set_emptyString_isStored(RedisDeployment server) {
    HotString s = string("s");
    s.set("");
    assertThat(server.execute("EXISTS", "s")).isEqualTo(1L);
    assertThat(server.execute("GET", "s")).isEqualTo("");
    assertThat(s.exists()).isTrue();
    assertThat(s.toString()).isEmpty();
  }

  @Test
  void initial_emptyString_isStoredAndReplacesAnyType(RedisDeployment server) {
    server.execute("RPUSH", "s", "x");
    string("s", "");
    assertThat(server.execute("TYPE", "s")).isEqualTo("string");
    assertThat(server.execute("GET", "s")).isEqualTo("");
  }

  @Test
  void initial_replacesTheStoredText() {
    string("s", "old");
    assertThat(string("s", "new").toString()).isEqualTo("new");
  }

  @Test
  void missingKey_readsAsEmpty() {
    HotString s = string("absent");
    assertThat(s.toString()).isEmpty();
    assertThat(s.length()).isZero();
    assertThat(s.isEmpty()).isTrue();
    assertThat(s.indexOf("")).isZero();
    assertThat(s.contains("a")).isFalse();
    assertThat(s.exists()).isFalse();
  }

  @Test
  void noOpEdits_doNotCreateAMissingKey(RedisDeployment server) {
    HotString s = string("s");
    s.append("");
    s.insert(0, "");
    s.delete(0, 0);
    s.setLength(0);
    s.reverse();
    s.repeat(3);
    assertThat(server.execute("EXISTS", "s")).isEqualTo(0L);
    assertThat(server.commandCalls("append")).isZero();
  }

  @Test
  void storedText_isUtf8ThatOtherClientsRead(RedisDeployment server) {
    HotString s = string("s");
    s.append("héllo ").append("wörld 😀");
    assertThat(server.execute("GET", "s")).isEqualTo("héllo wörld 😀");
    assertThat(server.execute("STRLEN", "s")).isEqualTo(18L);
  }

  @Test
  void textWrittenByPython_readsBack(RedisDeployment server) {
    server.execute("SET", "py", "héllo");
    HotString s = string("py");
    assertThat(s.toString()).isEqualTo("héllo");
    assertThat(s.length()).isEqualTo(5);
    assertThat(s.charAt(1)).isEqualTo('é');
    assertThat(s.substring(1, 3)).isEqualTo("él");
  }

  @Test
  void bytesThatAreNotUtf8_areRefused(RedisDeployment server) {
    server.execute("EVAL", "redis.call('SET', KEYS[1], 'a\\195\\40') return 1", "1", "bad");
    HotString s = string("bad");
    assertThatThrownBy(s::length)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the key holds bytes that are not UTF-8 text (HotString 'bad')");
    assertThatThrownBy(s::reverse)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not UTF-8");
    assertThatThrownBy(s::toString).isInstanceOf(CodecException.class);
    assertThat(server.execute("STRLEN", "bad")).isEqualTo(3L);
  }

  @Test
  void edits_keepTheTimeToLive(RedisDeployment server) {
    HotString s = string("s", "abc");
    s.expire(Duration.ofMinutes(5));
    s.append("d").insert(0, "x").delete(0, 1).replace(0, 1, "A").reverse().repeat(2);
    s.setCharAt(0, 'q');
    s.setLength(3);
    s.set("new");
    assertThat(s.toString()).isEqualTo("new");
    assertThat((Long) server.execute("PTTL", "s")).isPositive();
  }

  // ---- chars, not bytes ----

  @Test
  void length_countsUtf16Chars() {
    HotString s = string("s", MIXED);
    assertThat(s.length()).isEqualTo(MIXED.length()).isEqualTo(8);
  }

  @Test
  void charAt_everyIndex_matchesString() {
    HotString s = string("s", MIXED);
    for (int i = 0; i < MIXED.length(); i++) {
      assertThat(s.charAt(i)).as("charAt(%d)", i).isEqualTo(MIXED.charAt(i));
    }
  }

  @Test
  void substring_everyRange_matchesString() {
    HotString s = string("s", MIXED);
    for (int i = 0; i <= MIXED.length(); i++) {
      assertThat(s.substring(i)).as("substring(%d)", i).isEqualTo(MIXED.substring(i));
      for (int j = i; j <= MIXED.length(); j++) {
        assertThat(s.substring(i, j))
            .as("substring(%d, %d)", i, j)
            .isEqualTo(MIXED.substring(i, j));
        assertThat(s.subSequence(i, j).toString()).isEqualTo(MIXED.substring(i, j));
      }
    }
  }

  @Test
  void substring_emptyRange_isEmpty() {
    HotString s = string("s", "hello");
    assertThat(s.substring(0, 0)).isEmpty();
    assertThat(s.substring(3, 3)).isEmpty();
    assertThat(s.substring(5)).isEmpty();
  }

  @Test
  void substring_outOfRange_throwsLikeStringBuilder() {
    HotString s = string("s", "abc");
    assertThatThrownBy(() -> s.substring(2, 1))
        .isExactlyInstanceOf(StringIndexOutOfBoundsException.class)
        .hasMessage("start 2, end 1, length 3 (HotString 's')");
    assertThatThrownBy(() -> s.substring(0, 4))
        .isExactlyInstanceOf(StringIndexOutOfBoundsException.class)
        .hasMessage("start 0, end 4, length 3 (HotString 's')");
    assertThatThrownBy(() -> s.substring(4))
        .isExactlyInstanceOf(StringIndexOutOfBoundsException.class)
        .hasMessage("start 4, end 3, length 3 (HotString 's')");
    assertThatThrownBy(() -> s.charAt(3))
        .isExactlyInstanceOf(StringIndexOutOfBoundsException.class)
        .hasMessage("index 3, length 3 (HotString 's')");
  }

  @Test
  void edits_outOfRange_throwLikeStringBuilderAndChangeNothing() {
    HotString s = string("s", "abc");
    assertThatThrownBy(() -> s.insert(4, "x")).hasMessageStartingWith("offset 4, length 3");
    assertThatThrownBy(() -> s.insert(-1, "x")).hasMessageStartingWith("offset -1, length 3");
    assertThatThrownBy(() -> s.delete(4, 5)).hasMessageStartingWith("start 4, end 3, length 3");
    assertThatThrownBy(() -> s.delete(2, 1)).hasMessageStartingWith("start 2, end 1, length 3");
    assertThatThrownBy(() -> s.replace(-1, 1, "x"))
        .isExactlyInstanceOf(StringIndexOutOfBoundsException.class)
        .hasMessageStartingWith("start -1, end 1, length 3");
    assertThatThrownBy(() -> s.deleteCharAt(3)).hasMessageStartingWith("index 3, length 3");
    assertThatThrownBy(() -> s.setCharAt(-1, 'x')).hasMessageStartingWith("index -1, length 3");
    assertThatThrownBy(() -> s.setLength(-1))
        .isExactlyInstanceOf(StringIndexOutOfBoundsException.class)
        .hasMessage("String index out of range: -1");
    assertThat(s.toString()).isEqualTo("abc");
  }

  @Test
  void bounds_areCheckedAgainstTheCurrentText() {
    HotString mine = string("s", "abcdef");
    int length = mine.length();
    string("s").set("ab");
    assertThatThrownBy(() -> mine.charAt(length - 1))
        .isExactlyInstanceOf(StringIndexOutOfBoundsException.class)
        .hasMessageStartingWith("index 5, length 2");
  }

  @Test
  void readsInsideASurrogatePair_returnTheHalf() {
    HotString s = string("s", "x😀y");
    assertThat(s.charAt(1)).isEqualTo('\uD83D');
    assertThat(s.charAt(2)).isEqualTo('\uDE00');
    assertThat(s.substring(2)).isEqualTo("\uDE00y");
    assertThat(s.substring(0, 2)).isEqualTo("x\uD83D");
    assertThat(s.substring(2, 2)).isEmpty();
  }

  @Test
  void editsInsideASurrogatePair_areRefusedAndChangeNothing() {
    HotString s = string("s", "x😀y");
    assertThatThrownBy(() -> s.insert(2, "a"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "index 2 falls between the two chars of a surrogate pair; editing there would leave"
                + " an unpaired surrogate (HotString 's')");
    assertThatThrownBy(() -> s.delete(0, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.delete(2, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.replace(1, 2, "ab")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.deleteCharAt(1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.deleteCharAt(2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.setCharAt(2, 'a')).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.setLength(2)).isInstanceOf(IllegalArgumentException.class);
    assertThat(s.toString()).isEqualTo("x😀y");
  }

  @Test
  void editsAroundASurrogatePair_keepItWhole() {
    HotString s = string("s", "x😀y");
    s.insert(1, "<").insert(4, ">");
    assertThat(s.toString()).isEqualTo("x<😀>y");
    s.delete(1, 2).deleteCharAt(3);
    assertThat(s.toString()).isEqualTo("x😀y");
    s.replace(1, 3, "🎉🎉");
    assertThat(s.toString()).isEqualTo("x🎉🎉y");
    s.setLength(3);
    assertThat(s.toString()).isEqualTo("x🎉");
  }

  @Test
  void textWithAnUnpairedSurrogate_isRefused() {
    HotString s = string("s", "ab");
    assertThatThrownBy(() -> s.append('\uD83D'))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired surrogate at index 0");
    assertThatThrownBy(() -> s.append("a\uDE00")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.insert(0, "\uD800")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.setCharAt(0, '\uDC00')).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.set("\uD800x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.appendCodePoint(0xD800))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(s.toString()).isEqualTo("ab");
  }

  @Test
  void appendCodePoint_supplementary_appendsThePair() {
    HotString s = string("s", "a");
    s.appendCodePoint(0x1F600);
    assertThat(s.toString()).isEqualTo("a😀");
    assertThat(s.length()).isEqualTo(3);
  }

  // ---- the other edits ----

  @Test
  void append_variants_appendAndReturnThis(RedisDeployment server) {
    HotString s = string("s");
    assertThat(s.append("ab")).isSameAs(s);
    s.append('c').append("xdefx", 1, 4);
    assertThat(s.toString()).isEqualTo("abcdef");
    assertThat(server.commandCalls("append")).isEqualTo(3);
  }

  @Test
  void append_rangeOutsideTheArgument_throwsLikeStringBuilder() {
    HotString s = string("s", "abc");
    assertThatThrownBy(() -> s.append("xy", 1, 9))
        .isExactlyInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("start 1, end 9, length 2");
    assertThat(s.toString()).isEqualTo("abc");
  }

  @Test
  void append_anotherHotString_readsItsRange() {
    HotString source = string("source", "hello 😀 world");
    HotString s = string("s", ">");
    s.append(source, 6, 8).append(source);
    assertThat(s.toString()).isEqualTo(">😀hello 😀 world");
  }

  @Test
  void insert_atEveryOffset_matchesStringBuilder() {
    HotString s = string("s");
    for (int i = 0; i <= MIXED.length(); i++) {
      s.set(MIXED);
      StringBuilder expected = new StringBuilder(MIXED);
      if (splitsPair(MIXED, i)) {
        continue;
      }
      s.insert(i, "ß中");
      expected.insert(i, "ß中");
      assertThat(s.toString()).as("insert(%d)", i).isEqualTo(expected.toString());
    }
  }

  @Test
  void setLength_longer_padsWithNul() {
    HotString s = string("s", "ab");
    s.setLength(4);
    assertThat(s.toString()).isEqualTo("ab\0\0");
    s.setLength(1);
    assertThat(s.toString()).isEqualTo("a");
  }

  @Test
  void repeat_inPlace_keepsTheKey() {
    HotString s = string("s", "ab😀");
    assertThat(s.repeat(3)).isSameAs(s);
    assertThat(s.toString()).isEqualTo("ab😀ab😀ab😀");
    assertThat(s.key()).isEqualTo("s");
  }

  @Test
  void repeat_zeroOrNegative_leavesEmptyText(RedisDeployment server) {
    HotString s = string("s", "ab");
    s.repeat(0);
    assertThat(server.execute("GET", "s")).isEqualTo("");
    s.set("ab").repeat(-2);
    assertThat(s.toString()).isEmpty();
  }

  @Test
  void repeat_missingKey_staysEmpty(RedisDeployment server) {
    HotString s = string("absent");
    s.repeat(5);
    assertThat(s.toString()).isEmpty();
    assertThat(server.execute("EXISTS", "absent")).isEqualTo(0L);
  }

  @Test
  void repeat_pastTheLargestRedisString_isRefused() {
    HotString s = string("s", "0123456789");
    assertThatThrownBy(() -> s.repeat(100_000_000))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("536870912");
    assertThat(s.toString()).isEqualTo("0123456789");
  }

  @Test
  void reverse_byCodePoints_matchesStringBuilder() {
    String text = "ab😀中é🎉\0z";
    HotString s = string("s", text);
    s.reverse();
    assertThat(s.toString()).isEqualTo(new StringBuilder(text).reverse().toString());
    s.set("plain ascii").reverse();
    assertThat(s.toString()).isEqualTo("iicsa nialp");
  }

  // ---- searching and comparing ----

  @Test
  void contains_substring_isFound() {
    HotString s = string("s", "hello world");
    assertThat(s.contains("lo w")).isTrue();
    assertThat(s.contains("low")).isFalse();
    assertThat(s.contains("")).isTrue();
    assertThat(s.contains(CharBuffer.wrap("world"))).isTrue();
  }

  @Test
  void indexOf_everyFromIndex_matchesString() {
    String text = "ab😀ab中ab😀é";
    HotString s = string("s", text);
    for (String needle : List.of("ab", "😀", "b中", "é", "x", "", "\uDE00", "\uD83D")) {
      for (int from = -2; from <= text.length() + 2; from++) {
        assertThat(s.indexOf(needle, from))
            .as("indexOf(%s, %d)", needle, from)
            .isEqualTo(text.indexOf(needle, from));
        assertThat(s.lastIndexOf(needle, from))
            .as("lastIndexOf(%s, %d)", needle, from)
            .isEqualTo(text.lastIndexOf(needle, from));
      }
      assertThat(s.indexOf(needle)).isEqualTo(text.indexOf(needle));
      assertThat(s.lastIndexOf(needle)).isEqualTo(text.lastIndexOf(needle));
    }
  }

  @Test
  void contentEquals_comparesText() {
    HotString s = string("s", "héllo");
    assertThat(s.contentEquals("héllo")).isTrue();
    assertThat(s.contentEquals(CharBuffer.wrap("héllo"))).isTrue();
    assertThat(s.contentEquals("hello")).isFalse();
    assertThat(s.contentEquals(string("other", "héllo"))).isTrue();
  }

  @Test
  void chars_andCodePoints_readOneSnapshot(RedisDeployment server) {
    HotString s = string("s", "a😀");
    server.resetStats();
    assertThat(s.chars().toArray()).containsExactly('a', 0xD83D, 0xDE00);
    assertThat(s.codePoints().toArray()).containsExactly('a', 0x1F600);
    assertThat(server.commandCalls("get")).isEqualTo(2);
  }

  @Test
  void equals_isIdentity() {
    HotString a = string("s", "x");
    HotString b = string("s");
    assertThat(a).isNotEqualTo(b);
    assertThat(List.of(a)).containsOnlyOnce(a).doesNotContain(b);
    assertThat(a.hashCode()).isEqualTo(System.identityHashCode(a));
  }

  // ---- failures ----

  @Test
  void wrongType_throwsHotWrongTypeException(RedisDeployment server) {
    server.execute("HSET", "s", "f", "v");
    HotString s = string("s");
    assertThatThrownBy(s::length)
        .isInstanceOf(HotWrongTypeException.class)
        .hasMessage("WRONGTYPE on key 's': expected a string, found a hash");
    assertThatThrownBy(() -> s.append("x")).isInstanceOf(HotWrongTypeException.class);
    assertThatThrownBy(() -> s.insert(0, "x")).isInstanceOf(HotWrongTypeException.class);
    assertThatThrownBy(s::toString).isInstanceOf(HotWrongTypeException.class);
    assertThat(server.execute("HGET", "s", "f")).isEqualTo("v");
  }

  @Test
  void nullArguments_throwNullPointerException() {
    HotString s = string("s", "abc");
    assertThatThrownBy(() -> s.append((CharSequence) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> s.insert(0, (CharSequence) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> s.indexOf(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> s.contains(null)).isInstanceOf(NullPointerException.class);
  }

  // ---- transactions, handles and concurrency ----

  @Test
  void edits_insideTransaction_areQueued(RedisDeployment server) {
    HotString s = string("s", "b");
    Deferred<Integer> length;
    try (HotTransaction tx = client.transaction()) {
      assertThat(s.append("c")).isSameAs(s);
      s.insert(0, "a");
      assertThatThrownBy(s::length)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("tx.defer");
      length = tx.defer(s::length);
      assertThat(server.execute("GET", "s")).isEqualTo("b");
      tx.commit();
    }
    assertThat(length.get()).isEqualTo(3);
    assertThat(s.toString()).isEqualTo("abc");
    assertThat(server.commandCalls("exec")).isEqualTo(1);
  }

  @Test
  void editOutOfRange_insideTransaction_failsAtCommit() {
    HotString s = string("s", "abc");
    assertThatThrownBy(() -> client.transaction(tx -> s.append("d").insert(9, "x")))
        .isInstanceOf(HotTransactionException.class)
        .satisfies(
            e ->
                assertThat(e.getSuppressed()[0])
                    .isExactlyInstanceOf(StringIndexOutOfBoundsException.class)
                    .hasMessageStartingWith("offset 9, length 4"));
    assertThat(s.toString()).isEqualTo("abcd");
  }

  @Test
  void twoHandles_sameKey_seeEachOthersWrites() {
    HotString a = string("shared");
    HotString b = string("shared");
    a.append("hello");
    b.append(" world");
    a.replace(0, 5, "HI");
    assertThat(b.toString()).isEqualTo("HI world");
    assertThat(a.length()).isEqualTo(8);
  }

  @Test
  @Timeout(60)
  void append_fromEightThreads_losesNothing() throws Exception {
    int threads = 8;
    int perThread = 100;
    HotString s = string("concurrent");
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String token = "<" + t + "é😀>";
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  HotString mine = string("concurrent");
                  for (int i = 0; i < perThread; i++) {
                    mine.append(token);
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
    String text = s.toString();
    assertThat(s.length()).isEqualTo(threads * perThread * "<0é😀>".length());
    for (int t = 0; t < threads; t++) {
      String token = "<" + t + "é😀>";
      assertThat(text.split(token, -1)).as(token).hasSize(perThread + 1);
    }
  }

  @Test
  @Timeout(120)
  void edits_fromTwoJvms_loseNothing(RedisDeployment server) {
    int perProcess = 150;
    List<JvmProcess> children = new ArrayList<>();
    try {
      for (String token : List.of("[é]", "(😀)")) {
        children.add(
            JvmProcess.builder(Editor.class)
                .args(server.uri(), "shared", token, Integer.toString(perProcess))
                .start());
      }
      for (JvmProcess child : children) {
        assertThat(child.waitFor(Duration.ofMinutes(2))).as(child.output()).isZero();
        assertThat(child.output()).contains("done");
      }
    } finally {
      children.forEach(JvmProcess::close);
    }
    String text = string("shared").toString();
    assertThat(text).hasSize(2 * perProcess * ("[é]".length() + "(😀)".length()));
    assertThat(text.split("\\[é]", -1)).hasSize(2 * perProcess + 1);
    assertThat(text.split("\\(😀\\)", -1)).hasSize(2 * perProcess + 1);
    assertThat(string("shared").length()).isEqualTo(text.length());
  }

  /**
   * A child JVM for {@link #edits_fromTwoJvms_loseNothing}: inserts a token at the start and
   * appends it, a number of times. Arguments: the Redis URI, the key, the token, the count. Prints
   * {@code done}.
   */
  static final class Editor {
    private Editor() {}

    public static void main(String[] args) {
      try (HotClient client = HotClient.create(args[0])) {
        HotString s = HotString.builder().client(client).key(args[1]).build();
        for (int i = Integer.parseInt(args[3]); i > 0; i--) {
          s.insert(0, args[2]).append(args[2]);
        }
      }
      System.out.println("done");
    }
  }

  @Test
  void largeNonAsciiText_editsInTheMiddle() {
    StringBuilder model = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      model.append(i % 7 == 0 ? "😀" : i % 3 == 0 ? "中" : "ab");
    }
    HotString s = string("large", model.toString());
    int middle = model.length() / 2;
    while (splitsPair(model, middle)) {
      middle++;
    }
    s.insert(middle, "ÄÖÜ");
    model.insert(middle, "ÄÖÜ");
    assertThat(s.length()).isEqualTo(model.length());
    assertThat(s.substring(middle - 5, middle + 8))
        .isEqualTo(model.substring(middle - 5, middle + 8));
    assertThat(s.lastIndexOf("ÄÖ")).isEqualTo(middle);
    assertThat(s.toString()).isEqualTo(model.toString());
  }

  @Test
  void builder_noClient_usesTheDefaultClient() {
    HotRedis.configure(client);
    try {
      HotString.builder().key("s").build().append("x");
      assertThat(string("s").toString()).isEqualTo("x");
      HotString created = HotString.builder().build();
      created.append("y");
      assertThat(string(created.key()).toString()).isEqualTo("y");
    } finally {
      HotRedis.reset();
    }
  }
}
