package org.hotredis.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class JsonCodecTest {

  record Item(String name, int count) {}

  record Bag(Map<String, Integer> counts) {}

  record Tags(Set<String> names) {}

  record Envelope(Object payload) {}

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
}
