package org.hotredis.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class JsonCodecTest {

  record Item(String name, int count) {}

  record Bag(Map<String, Integer> counts) {}

  record Tags(Set<String> names) {}

  record Envelope(Object payload) {}

  /** A recursive type: each level of nesting is a level of Jackson's recursion. */
  record Link(@Nullable Link next) {}

  record Amount(BigInteger value) {}

  /** A mutable bean with its properties declared out of alphabetical order. */
  static final class Profile {
    private String zone = "";
    private List<String> aliases = new ArrayList<>();
    private int age;

    public String getZone() {
      return zone;
    }

    public void setZone(String zone) {
      this.zone = zone;
    }

    public List<String> getAliases() {
      return aliases;
    }

    public void setAliases(List<String> aliases) {
      this.aliases = aliases;
    }

    public int getAge() {
      return age;
    }

    public void setAge(int age) {
      this.age = age;
    }
  }

  /** Counts its instantiations, so a test can prove the data did not create one. */
  static final class Canary {
    static final AtomicInteger CREATED = new AtomicInteger();

    public String name = "";

    Canary() {
      CREATED.incrementAndGet();
    }
  }

  @AfterEach
  void resetCanary() {
    Canary.CREATED.set(0);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void roundTrip_record_returnsEqualValue() {
    Codec<Item> codec = Codecs.json(Item.class);
    Item item = new Item("widget \u4e2d", 3);

    byte[] encoded = codec.encode(item);

    assertThat(utf8(encoded)).isEqualTo("{\"count\":3,\"name\":\"widget \u4e2d\"}");
    assertThat(codec.decode(encoded)).isEqualTo(item);
    assertThat(codec.type()).isEqualTo(Item.class);
  }

  @Test
  void roundTrip_pojo_returnsEqualPropertiesInSortedOrder() {
    Codec<Profile> codec = Codecs.json(Profile.class);
    Profile profile = new Profile();
    profile.setZone("eu");
    profile.setAliases(List.of("a", "b"));
    profile.setAge(42);

    byte[] encoded = codec.encode(profile);
    Profile decoded = codec.decode(encoded);

    assertThat(utf8(encoded)).isEqualTo("{\"age\":42,\"aliases\":[\"a\",\"b\"],\"zone\":\"eu\"}");
    assertThat(decoded.getZone()).isEqualTo("eu");
    assertThat(decoded.getAliases()).containsExactly("a", "b");
    assertThat(decoded.getAge()).isEqualTo(42);
  }

  @Test
  void roundTrip_typeReference_returnsEqualList() {
    JsonCodec<List<Item>> codec =
        JsonCodec.of(new ObjectMapper(), new TypeReference<List<Item>>() {});
    List<Item> items = List.of(new Item("a", 1), new Item("b", 2));

    List<Item> decoded = codec.decode(codec.encode(items));

    assertThat(decoded).containsExactly(new Item("a", 1), new Item("b", 2));
    assertThat(decoded.get(0)).isInstanceOf(Item.class);
    assertThat(codec.type()).isEqualTo(List.class);
    assertThat(codec).hasToString("JsonCodec(java.util.List<" + Item.class.getName() + ">)");
  }

  @Test
  void roundTrip_customMapperForClass_usesThatMapper() {
    JsonCodec<Item> codec = JsonCodec.of(new ObjectMapper(), Item.class);

    assertThat(codec.decode(codec.encode(new Item("x", 7)))).isEqualTo(new Item("x", 7));
    assertThat(codec).hasToString("JsonCodec(" + Item.class.getName() + ")");
  }

  @Test
  void encode_equalMapsInDifferentInsertionOrder_encodeToEqualBytes() {
    Map<String, Integer> forward = new LinkedHashMap<>();
    forward.put("apple", 1);
    forward.put("mango", 2);
    forward.put("zucchini", 3);
    Map<String, Integer> backward = new LinkedHashMap<>();
    backward.put("zucchini", 3);
    backward.put("mango", 2);
    backward.put("apple", 1);
    Codec<Bag> codec = Codecs.json(Bag.class);

    byte[] first = codec.encode(new Bag(forward));
    byte[] second = codec.encode(new Bag(backward));

    assertThat(new Bag(forward)).isEqualTo(new Bag(backward));
    assertThat(first).isEqualTo(second);
    assertThat(utf8(first)).isEqualTo("{\"counts\":{\"apple\":1,\"mango\":2,\"zucchini\":3}}");
  }

  @Test
  void encode_equalSetsInDifferentInsertionOrder_encodeToEqualBytes() {
    Set<String> forward = new LinkedHashSet<>(List.of("apple", "mango", "zucchini"));
    Set<String> backward = new LinkedHashSet<>(List.of("zucchini", "mango", "apple"));
    Codec<Tags> codec = Codecs.json(Tags.class);

    assertThat(new Tags(forward)).isEqualTo(new Tags(backward));
    assertThat(codec.encode(new Tags(forward))).isEqualTo(codec.encode(new Tags(backward)));
  }

  @Test
  void decode_notJson_throwsCodecExceptionNamingType() {
    Codec<Item> codec = Codecs.json(Item.class);

    assertThatThrownBy(() -> codec.decode(utf8("not json")))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode 'not json' as JSON " + Item.class.getName() + ": ")
        .hasCauseInstanceOf(com.fasterxml.jackson.core.JsonParseException.class);
  }

  @Test
  void decode_jsonNull_throwsCodecExceptionNamingType() {
    Codec<Item> codec = Codecs.json(Item.class);

    assertThatThrownBy(() -> codec.decode(utf8("null")))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode JSON null as " + Item.class.getName())
        .hasNoCause();
  }

  @Test
  void decode_empty_throwsCodecException() {
    Codec<Item> codec = Codecs.json(Item.class);

    assertThatThrownBy(() -> codec.decode(new byte[0]))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode '' as JSON " + Item.class.getName());
  }

  @Test
  void decode_wrongShape_throwsCodecException() {
    Codec<Item> codec = Codecs.json(Item.class);

    assertThatThrownBy(() -> codec.decode(utf8("[1,2]")))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode '[1,2]' as JSON " + Item.class.getName());
  }

  @Test
  void decode_classPropertyOnConcreteType_failsWithoutInstantiatingIt() {
    Codec<Item> codec = Codecs.json(Item.class);
    byte[] json =
        utf8("{\"@class\":\"" + Canary.class.getName() + "\",\"name\":\"x\",\"count\":1}");

    assertThatThrownBy(() -> codec.decode(json))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode '{\"@class\":")
        .hasMessageContaining(" as JSON " + Item.class.getName() + ": ")
        .hasCauseInstanceOf(UnrecognizedPropertyException.class);
    assertThat(Canary.CREATED).hasValue(0);
  }

  @Test
  void decode_classPropertyOnObjectType_bindsToMapWithoutInstantiatingIt() {
    Codec<Object> codec = Codecs.json(Object.class);
    byte[] json = utf8("{\"@class\":\"" + Canary.class.getName() + "\",\"name\":\"x\"}");

    Object decoded = codec.decode(json);

    assertThat(decoded)
        .isInstanceOf(Map.class)
        .isEqualTo(Map.of("@class", Canary.class.getName(), "name", "x"));
    assertThat(Canary.CREATED).hasValue(0);
  }

  @Test
  void decode_classPropertyInObjectField_bindsToMapWithoutInstantiatingIt() {
    Codec<Envelope> codec = Codecs.json(Envelope.class);
    byte[] json = utf8("{\"payload\":[\"" + Canary.class.getName() + "\",{\"name\":\"x\"}]}");
    byte[] property =
        utf8("{\"payload\":{\"@class\":\"" + Canary.class.getName() + "\",\"name\":\"x\"}}");

    assertThat(codec.decode(json).payload()).isInstanceOf(List.class);
    assertThat(codec.decode(property).payload()).isInstanceOf(Map.class);
    assertThat(Canary.CREATED).hasValue(0);
  }

  @Test
  void decode_canaryNamedAsType_instantiatesIt() {
    // control for the tests above: the canary counts when Jackson does create it
    Codec<Canary> codec = Codecs.json(Canary.class);

    assertThat(codec.decode(utf8("{\"name\":\"x\"}")).name).isEqualTo("x");
    assertThat(Canary.CREATED).hasValue(1);
  }

  @Test
  void encode_beanWithoutProperties_throwsCodecException() {
    Codec<Object> codec = Codecs.json(Object.class);

    assertThatThrownBy(() -> codec.encode(new Object()))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot encode java.lang.Object as JSON: ");
  }

  // ---- hostile values: bounded by the stored size ----

  /** A chain of {@code depth} nested objects. */
  private static byte[] links(int depth) {
    return utf8("{\"next\":".repeat(depth) + "null" + "}".repeat(depth));
  }

  @Test
  void decode_nestingWithinLimitOnSmallStack_throwsCodecExceptionNotStackOverflowError()
      throws InterruptedException {
    Codec<Link> codec = Codecs.json(Link.class);
    byte[] deep = links(199);
    Throwable[] thrown = new Throwable[1];
    Runnable decode = () -> thrown[0] = catchThrowable(() -> codec.decode(deep));
    Thread smallStack = new Thread(null, decode, "small-stack", 64 * 1024); // or the JVM's minimum

    smallStack.start();
    smallStack.join();

    assertThat(codec.decode(deep)).isNotNull(); // on this thread's stack, the same value decodes
    assertThat(thrown[0])
        .isInstanceOf(CodecException.class)
        .hasMessage(
            "cannot decode "
                + deep.length
                + " stored bytes as "
                + Link.class.getName()
                + ": the value nests deeper than this thread's stack allows (StackOverflowError)")
        .hasCauseInstanceOf(StackOverflowError.class);
  }

  @Test
  void decode_nestingBeyondLimit_throwsCodecExceptionWithShortMessage() {
    Codec<Link> codec = Codecs.json(Link.class);

    assertThatThrownBy(() -> codec.decode(links(201)))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode '{\"next\":{\"next\":")
        .hasMessageContaining(
            "JsonMappingException: Document nesting depth (201) exceeds the maximum"
                + " allowed (200")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(1_000));
  }

  @Test
  void decode_bigIntegerWithHugeExponent_throwsCodecExceptionInsteadOfExpandingIt() {
    Codec<Amount> codec = Codecs.json(Amount.class);

    assertThatThrownBy(() -> codec.decode(utf8("{\"value\":1e99999}")))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith(
            "cannot decode '{\"value\":1e99999}' as JSON " + Amount.class.getName())
        .hasMessageContaining(
            "as a BigInteger it would have 100000 digits, more than the 1000 allowed");
  }

  @Test
  void decode_bigIntegerWrittenWithFractionOrExponent_readsAsJacksonDoes() {
    Codec<Amount> codec = Codecs.json(Amount.class);

    assertThat(codec.decode(utf8("{\"value\":1.5e3}")).value()).isEqualTo(1500);
    assertThat(codec.decode(utf8("{\"value\":-12.9}")).value()).isEqualTo(-12);
    assertThat(codec.decode(utf8("{\"value\":1e-99999}")).value()).isZero();
    assertThat(codec.decode(utf8("{\"value\":1e999}")).value()).isEqualTo(BigInteger.TEN.pow(999));
  }
}
