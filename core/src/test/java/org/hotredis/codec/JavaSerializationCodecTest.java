package org.hotredis.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class JavaSerializationCodecTest {

  /** The codec's type: only JDK value classes inside. */
  record Order(String id, long cents, BigDecimal rate, Instant placed) implements Serializable {}

  /** Holds a {@code java.util} collection, which the allow-list must name. */
  record Basket(String owner, List<String> items) implements Serializable {}

  /** A linked chain, to exceed the depth limit. */
  record Node(int value, @Nullable Node next) implements Serializable {}

  /** Counts how often the stream instantiates it. */
  static final class Canary implements Serializable {
    static final AtomicInteger READS = new AtomicInteger();
    private static final long serialVersionUID = 1L;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      READS.incrementAndGet();
    }
  }

  /** Serializable, but holds something that is not. */
  static final class Leaky implements Serializable {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("unused") // written by serialization
    private final Object inside = new Object();
  }

  /** Holds a collection whose table the stream sizes. */
  record Inventory(HashMap<String, Long> counts) implements Serializable {}

  /** Holds an array of references. */
  @SuppressWarnings("ArrayRecordComponent") // never compared
  record Slots(Object[] slots) implements Serializable {}

  /** What decoding a hostile value of a few dozen bytes may allocate: far from its claims. */
  private static final long CHEAP = 1 << 20;

  private static final Order ORDER =
      new Order("o-1", 1999L, new BigDecimal("0.075"), Instant.parse("2024-05-01T10:15:30Z"));

  @AfterEach
  void resetCanary() {
    Canary.READS.set(0);
  }

  private static byte[] serialize(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static Node chain(int length) {
    Node node = null;
    for (int i = length; i > 0; i--) {
      node = new Node(i, node);
    }
    return node;
  }

  /**
   * Serializes a value whose stream ends with a length (an empty array, or an empty collection's
   * count) and replaces that length, as someone writing bytes with {@code redis-cli} could.
   */
  private static byte[] declaring(Object emptyValue, int length, int fromEnd) {
    byte[] bytes = serialize(emptyValue);
    ByteBuffer.wrap(bytes, bytes.length - fromEnd, 4).putInt(length);
    return bytes;
  }

  /**
   * Decodes hostile bytes twice (the first time loads the classes involved) and returns what the
   * second decode threw, checking that it allocated less than {@link #CHEAP} bytes.
   */
  private static Throwable refusedCheaply(Codec<?> codec, byte[] hostile) {
    Throwable first = catchThrowable(() -> codec.decode(hostile));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();

    Throwable thrown = catchThrowable(() -> codec.decode(hostile));

    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(allocated).as("bytes allocated by the decode").isLessThan(CHEAP);
    assertThat(thrown).hasMessage(first.getMessage());
    return thrown;
  }

  @Test
  void roundTrip_serializableRecord_returnsEqualValue() {
    Codec<Order> codec = Codecs.javaSerialization(Order.class);

    byte[] encoded = codec.encode(ORDER);

    assertThat(encoded).startsWith((byte) 0xAC, (byte) 0xED); // Java serialization magic
    assertThat(codec.decode(encoded)).isEqualTo(ORDER);
    assertThat(codec.type()).isEqualTo(Order.class);
  }

  @Test
  void roundTrip_arrayOfType_returnsEqualElements() {
    Codec<Order[]> codec = Codecs.javaSerialization(Order[].class);

    Order[] decoded = codec.decode(codec.encode(new Order[] {ORDER, ORDER}));

    assertThat(decoded).containsExactly(ORDER, ORDER);
  }

  @Test
  void encode_valueHoldingAClassOutsideTheAllowList_refusedNamingTheClass() {
    Codec<Basket> codec = Codecs.javaSerialization(Basket.class);

    assertThatThrownBy(
            () -> codec.encode(new Basket("ann", new ArrayList<>(List.of("tea", "milk")))))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("it holds a java.util.ArrayList, a class outside the allow-list")
        .hasMessageContaining("could not be read back");
  }

  @Test
  void encode_valueWithinTheAllowList_roundTrips() {
    Codec<Basket> codec = Codecs.javaSerialization(Basket.class, "java.util.ArrayList");
    Basket basket = new Basket("ann", new ArrayList<>(List.of("tea", "milk")));

    assertThat(codec.decode(codec.encode(basket))).isEqualTo(basket);
  }

  @Test
  void decode_classOutsideAllowList_throwsCodecException() {
    Codec<Basket> codec = Codecs.javaSerialization(Basket.class);
    byte[] encoded =
        Codecs.javaSerialization(Basket.class, "java.util.*")
            .encode(new Basket("ann", new ArrayList<>(List.of("tea", "milk"))));

    assertThatThrownBy(() -> codec.decode(encoded))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith(
            "refused to deserialize as "
                + Basket.class.getName()
                + ": the stream contains java.util.ArrayList, a class outside the allow-list")
        .hasCauseInstanceOf(java.io.InvalidClassException.class);
  }

  @Test
  void decode_collectionPackageAllowed_returnsEqualValue() {
    Codec<Basket> codec = Codecs.javaSerialization(Basket.class, "java.util.*");
    Basket basket = new Basket("ann", new ArrayList<>(List.of("tea", "milk")));

    Basket decoded = codec.decode(codec.encode(basket));

    assertThat(decoded).isEqualTo(basket);
    assertThat(decoded.items()).isInstanceOf(ArrayList.class).containsExactly("tea", "milk");
  }

  @Test
  void decode_classNamedByPattern_returnsEqualValue() {
    Codec<Basket> codec = Codecs.javaSerialization(Basket.class, " java.util.ArrayList ");
    Basket basket = new Basket("bob", new ArrayList<>(List.of("jam")));

    assertThat(codec.decode(codec.encode(basket))).isEqualTo(basket);
  }

  @Test
  void decode_otherClassNotAllowed_refusedBeforeInstantiation() {
    Map<String, String> map = new HashMap<>();
    map.put("a", "b");
    byte[] hashMap = serialize(map);
    Codec<Order> codec = Codecs.javaSerialization(Order.class);

    assertThatThrownBy(() -> codec.decode(hashMap))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith(
            "refused to deserialize as "
                + Order.class.getName()
                + ": the stream contains java.util.HashMap, a class outside the allow-list");
  }

  @Test
  void decode_canaryNotAllowed_neverRunsItsReadObject() {
    byte[] canary = serialize(new Canary());
    Codec<Order> codec = Codecs.javaSerialization(Order.class);

    assertThatThrownBy(() -> codec.decode(canary))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("outside the allow-list");
    assertThat(Canary.READS).hasValue(0);
  }

  @Test
  void decode_canaryAllowed_runsItsReadObject() {
    // control for the test above: the canary does count when it is deserialized
    Codec<Canary> codec = Codecs.javaSerialization(Canary.class);

    assertThat(codec.decode(serialize(new Canary()))).isInstanceOf(Canary.class);
    assertThat(Canary.READS).hasValue(1);
  }

  @Test
  void decode_allowedValueOfOtherType_throwsCodecExceptionNamingStreamClass() {
    byte[] string = serialize("hello");
    Codec<Order> codec = Codecs.javaSerialization(Order.class);

    assertThatThrownBy(() -> codec.decode(string))
        .isInstanceOf(CodecException.class)
        .hasMessage(
            "cannot decode as " + Order.class.getName() + ": the stream holds a java.lang.String")
        .hasNoCause();
  }

  @Test
  void decode_serializedNull_throwsCodecException() {
    byte[] nothing = serialize(null);

    assertThatThrownBy(() -> Codecs.javaSerialization(Order.class).decode(nothing))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode as " + Order.class.getName() + ": the stream holds a null");
  }

  @Test
  void decode_notASerializationStream_throwsCodecException() {
    byte[] garbage = {1, 2, 3, 4};

    assertThatThrownBy(() -> Codecs.javaSerialization(Order.class).decode(garbage))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot deserialize as " + Order.class.getName() + ": ")
        .hasCauseInstanceOf(java.io.StreamCorruptedException.class);
  }

  @Test
  void encode_notSerializable_throwsCodecException() {
    Codec<Object> codec = Codecs.javaSerialization(Object.class);

    assertThatThrownBy(() -> codec.encode(new Object()))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot encode java.lang.Object: it is not Serializable");
  }

  @Test
  void encode_graphWithNonSerializableField_throwsCodecException() {
    Codec<Leaky> codec = Codecs.javaSerialization(Leaky.class);

    assertThatThrownBy(() -> codec.encode(new Leaky()))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith(
            "cannot encode " + Leaky.class.getName() + " with Java serialization: ")
        .hasMessageContaining("java.lang.Object")
        .hasCauseInstanceOf(java.io.NotSerializableException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "**", " * ", "!foo", "!java.util.*", "maxdepth=5", "a;b", "", " "})
  void javaSerialization_widePatternOrLimit_throwsIllegalArgumentException(String pattern) {
    assertThatThrownBy(() -> Codecs.javaSerialization(Order.class, pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "allow-list pattern '"
                + pattern
                + "' is not allowed: give a class (com.acme.Order), a package (com.acme.*) or a"
                + " package tree (com.acme.**)");
  }

  @Test
  void javaSerialization_moduleWildcardPattern_throwsIllegalArgumentException() {
    assertThatThrownBy(() -> Codecs.javaSerialization(Order.class, "java.base/*"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void javaSerialization_nullPattern_throwsNullPointerException() {
    assertThatThrownBy(() -> Codecs.javaSerialization(Order.class, "java.util.*", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("allowedPatterns contains null");
  }

  @Test
  void decode_shallowChain_returnsEqualValue() {
    Codec<Node> codec = Codecs.javaSerialization(Node.class);
    Node chain = chain(10);

    assertThat(codec.decode(codec.encode(chain))).isEqualTo(chain);
  }

  @Test
  void decode_chainDeeperThanLimit_throwsCodecException() {
    Codec<Node> codec = Codecs.javaSerialization(Node.class);
    byte[] encoded = codec.encode(chain(100));

    assertThatThrownBy(() -> codec.decode(encoded))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith(
            "refused to deserialize as "
                + Node.class.getName()
                + ": the object graph exceeds the limits (maxdepth=32");
  }

  @Test
  void toString_codec_listsAllowList() {
    Codec<Basket> codec = Codecs.javaSerialization(Basket.class, "java.util.*");

    assertThat(codec)
        .hasToString(
            "Codecs.javaSerialization(Basket.class, [java.lang.*, java.math.BigInteger,"
                + " java.math.BigDecimal, java.time.*, "
                + Basket.class.getName()
                + ", java.util.*])");
  }

  // ---- hostile values: bounded by the stored size ----

  @Test
  void decode_valueOfUnder30BytesDeclaringLongArray_refusedBeforeAllocating() {
    byte[] hostile = declaring(new long[0], 99_999_999, 4);
    Codec<Order> codec = Codecs.javaSerialization(Order.class);

    Throwable thrown = refusedCheaply(codec, hostile);

    assertThat(hostile).hasSizeLessThan(30);
    assertThat(thrown)
        .isInstanceOf(CodecException.class)
        .hasMessage(
            "refused to deserialize as "
                + Order.class.getName()
                + ": the stream declares long[99999999] (799999992 bytes) but holds only 0 more"
                + " bytes")
        .hasCauseInstanceOf(java.io.InvalidClassException.class);
  }

  @Test
  void decode_nestedArrayDeclaringHugeInnerArray_refusedBeforeAllocating() {
    byte[] hostile = declaring(new long[][] {new long[0]}, 99_999_999, 4);
    Codec<long[][]> codec = Codecs.javaSerialization(long[][].class);

    Throwable thrown = refusedCheaply(codec, hostile);

    assertThat(thrown)
        .isInstanceOf(CodecException.class)
        .hasMessage(
            "refused to deserialize as [[J: the stream declares long[99999999] (799999992 bytes)"
                + " but holds only 0 more bytes");
  }

  @Test
  void decode_objectArrayLongerThanTheStreamCouldHold_refusedBeforeAllocating() {
    byte[] hostile = declaring(new Slots(new Object[0]), 99_999_999, 4);
    Codec<Slots> codec = Codecs.javaSerialization(Slots.class);

    Throwable thrown = refusedCheaply(codec, hostile);

    assertThat(thrown)
        .isInstanceOf(CodecException.class)
        .hasMessage(
            "refused to deserialize as "
                + Slots.class.getName()
                + ": the stream declares arrays of 799999992 bytes in all (the last"
                + " java.lang.Object[99999999]), more than 16 times its "
                + hostile.length
                + " bytes");
  }

  @Test
  void decode_hashMapDeclaringHugeCount_refusedBeforeSizingItsTable() {
    // HashMap.writeObject ends with the bucket count, the entry count, then TC_ENDBLOCKDATA
    byte[] hostile = declaring(new Inventory(new HashMap<>()), 30_000_000, 5);
    Codec<Inventory> codec = Codecs.javaSerialization(Inventory.class, "java.util.*");

    Throwable thrown = refusedCheaply(codec, hostile);

    assertThat(thrown)
        .isInstanceOf(CodecException.class)
        .hasMessage(
            "refused to deserialize as "
                + Inventory.class.getName()
                + ": the stream declares arrays of 536870912 bytes in all (the last"
                + " java.util.Map$Entry[67108864]), more than 16 times its "
                + hostile.length
                + " bytes");
  }

  @Test
  void roundTrip_primitiveArraysThatEndTheStream_returnEqualArrays() {
    Codec<long[]> longs = Codecs.javaSerialization(long[].class);
    Codec<byte[][]> bytes = Codecs.javaSerialization(byte[][].class);
    long[] big = new long[200_000];
    Arrays.fill(big, 7L);

    assertThat(longs.decode(longs.encode(new long[0]))).isEmpty();
    assertThat(longs.decode(longs.encode(new long[] {1, 2, 3}))).containsExactly(1, 2, 3);
    assertThat(longs.decode(longs.encode(big))).isEqualTo(big);
    assertThat(bytes.decode(bytes.encode(new byte[][] {{1}, {}, {2, 3}})))
        .isDeepEqualTo(new byte[][] {{1}, {}, {2, 3}});
  }

  @Test
  void roundTrip_collectionsWithTablesLargerThanTheirElements_returnEqualValues() {
    Codec<Object> codec = Codecs.javaSerialization(Object.class, "java.util.*");
    Set<String> sparse = new HashSet<>(16, 0.25f); // the largest table per element
    Set<String> oneLetter = new HashSet<>(16, 0.25f);
    Map<String, Long> counts = new HashMap<>();
    for (int i = 0; i < 2_000; i++) {
      sparse.add("e" + i);
      counts.put("k" + i, (long) i);
    }
    for (char c = ' '; c < 0x7f; c++) {
      oneLetter.add(String.valueOf(c));
    }
    List<Object> nulls = new ArrayList<>(Collections.nCopies(10_000, null));
    Slots slots = new Slots(new Object[10_000]);

    assertThat(codec.decode(codec.encode(sparse))).isEqualTo(sparse);
    assertThat(codec.decode(codec.encode(oneLetter))).isEqualTo(oneLetter);
    assertThat(codec.decode(codec.encode(counts))).isEqualTo(counts);
    assertThat(codec.decode(codec.encode(nulls))).isEqualTo(nulls);
    Codec<Slots> slotsCodec = Codecs.javaSerialization(Slots.class);
    assertThat(slotsCodec.decode(slotsCodec.encode(slots)).slots())
        .hasSize(10_000)
        .containsOnlyNulls();
  }
}
