package org.hotredis.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class CodecsTest {

  enum Color {
    RED,
    GREEN
  }

  private static final String EMOJI = new String(Character.toChars(0x1F600)); // grinning face
  private static final String CJK = "\u4e2d\u6587\u5b57";
  private static final String COMBINING = "e\u0301a\u0308"; // e + acute, a + diaeresis

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static String ascii(byte[] bytes) {
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  // ---- strings

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "plain ascii",
        "\u4e2d\u6587\u5b57",
        "e\u0301a\u0308",
        "nul\u0000inside",
        "\uFFFD replacement character is valid text",
        "\uD83D\uDE00 \uD834\uDD1E supplementary"
      })
  void strings_unicodeText_roundTrips(String text) {
    Codec<String> codec = Codecs.strings();

    byte[] encoded = codec.encode(text);

    assertThat(encoded).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    assertThat(codec.decode(encoded)).isEqualTo(text);
  }

  @Test
  void encode_emoji_writesFourByteUtf8() {
    assertThat(Codecs.strings().encode(EMOJI)).isEqualTo(bytes(0xF0, 0x9F, 0x98, 0x80));
  }

  @Test
  void strings_twentyMegabyteText_roundTrips() {
    String unit = "ascii " + CJK + COMBINING + EMOJI + "\u0000"; // 16 chars, 26 UTF-8 bytes
    int repeats = 20 * 1024 * 1024 / unit.length();
    String text = unit.repeat(repeats);
    Codec<String> codec = Codecs.strings();

    byte[] encoded = codec.encode(text);
    String decoded = codec.decode(encoded);

    assertThat(text).hasSize(20 * 1024 * 1024);
    assertThat(encoded.length).isEqualTo(26 * repeats);
    assertThat(decoded.equals(text)).as("decoded text equals the original").isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\uD800", "a\uDC00b", "\uDE00\uD83D", "ok\uD83D"})
  void encode_unpairedSurrogate_throwsCodecException(String text) {
    assertThatThrownBy(() -> Codecs.strings().encode(text))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot encode String as UTF-8: it contains an unpaired surrogate");
  }

  @Test
  void decode_invalidUtf8_throwsCodecException() {
    assertThatThrownBy(() -> Codecs.strings().decode(bytes(0xC3, 0x28)))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode as String: the 2 stored bytes are not valid UTF-8");
  }

  @Test
  void decode_encodedSurrogate_throwsCodecException() {
    // CESU-8 / modified UTF-8 spelling of U+D800: not valid UTF-8
    assertThatThrownBy(() -> Codecs.strings().decode(bytes(0x61, 0xED, 0xA0, 0x80)))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode as String: the 4 stored bytes are not valid UTF-8");
  }

  @Test
  void decode_overlongNul_throwsCodecException() {
    assertThatThrownBy(() -> Codecs.strings().decode(bytes(0xC0, 0x80)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("not valid UTF-8");
  }

  @Test
  void decode_truncatedSequence_throwsCodecException() {
    assertThatThrownBy(() -> Codecs.strings().decode(bytes(0x61, 0xE4, 0xB8)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("the 3 stored bytes are not valid UTF-8");
  }

  // ---- bytes

  @Test
  void bytes_anyArray_isIdentity() {
    byte[] value = bytes(0x00, 0xFF, 0xC3, 0x28, 0x7F);
    Codec<byte[]> codec = Codecs.bytes();

    assertThat(codec.encode(value)).isSameAs(value);
    assertThat(codec.decode(value)).isSameAs(value);
    assertThat(codec.type()).isEqualTo(byte[].class);
  }

  // ---- integers

  @Test
  void encode_longs_writesDecimalAscii() {
    Codec<Long> codec = Codecs.longs();

    assertThat(codec.encode(42L)).isEqualTo(ascii("42"));
    assertThat(codec.encode(0L)).isEqualTo(ascii("0"));
    assertThat(codec.encode(Long.MIN_VALUE)).isEqualTo(ascii("-9223372036854775808"));
    assertThat(codec.encode(Long.MAX_VALUE)).isEqualTo(ascii("9223372036854775807"));
  }

  @Test
  void decode_longs_readsDecimalAscii() {
    Codec<Long> codec = Codecs.longs();

    assertThat(codec.decode(ascii("42"))).isEqualTo(42L);
    assertThat(codec.decode(ascii("-9223372036854775808"))).isEqualTo(Long.MIN_VALUE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"4.2", "abc", "", "9223372036854775808", "1e3", " 42"})
  void decode_longsNotAnInteger_throwsCodecExceptionQuotingText(String text) {
    assertThatThrownBy(() -> Codecs.longs().decode(ascii(text)))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode '" + text + "' as Long: not a decimal integer")
        .hasCauseInstanceOf(NumberFormatException.class);
  }

  @Test
  void decode_longsControlCharacter_escapesItInMessage() {
    assertThatThrownBy(() -> Codecs.longs().decode(ascii("1\n2")))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode '1\\x0a2' as Long: not a decimal integer");
  }

  @Test
  void decode_longsLongText_truncatesExcerpt() {
    String text = "x".repeat(200);

    assertThatThrownBy(() -> Codecs.longs().decode(ascii(text)))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode '" + "x".repeat(40) + "...' as Long: not a decimal integer");
  }

  @Test
  void integers_values_roundTripAsDecimal() {
    Codec<Integer> codec = Codecs.integers();

    assertThat(codec.encode(-17)).isEqualTo(ascii("-17"));
    assertThat(codec.encode(Integer.MAX_VALUE)).isEqualTo(ascii("2147483647"));
    assertThat(codec.decode(ascii("2147483647"))).isEqualTo(Integer.MAX_VALUE);
    assertThat(codec.decode(ascii("-2147483648"))).isEqualTo(Integer.MIN_VALUE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"3000000000", "-2147483649", "4.2", "abc", ""})
  void decode_integersOutOfRangeOrNotInteger_throwsCodecException(String text) {
    assertThatThrownBy(() -> Codecs.integers().decode(ascii(text)))
        .isInstanceOf(CodecException.class)
        .hasMessage(
            "cannot decode '" + text + "' as Integer: not a decimal integer in the range of int");
  }

  @Test
  void shorts_values_roundTripAndRefuseOutOfRange() {
    Codec<Short> codec = Codecs.forType(Short.class);

    assertThat(codec.encode((short) -32768)).isEqualTo(ascii("-32768"));
    assertThat(codec.decode(ascii("32767"))).isEqualTo((short) 32767);
    assertThatThrownBy(() -> codec.decode(ascii("32768")))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode '32768' as Short: not a decimal integer in the range of short");
  }

  @Test
  void bytesAsNumbers_values_roundTripAndRefuseOutOfRange() {
    Codec<Byte> codec = Codecs.forType(Byte.class);

    assertThat(codec.encode((byte) -128)).isEqualTo(ascii("-128"));
    assertThat(codec.decode(ascii("127"))).isEqualTo((byte) 127);
    assertThatThrownBy(() -> codec.decode(ascii("128")))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode '128' as Byte: not a decimal integer in the range of byte");
  }

  @Test
  void bigIntegers_hugeValue_roundTripsAsDecimal() {
    Codec<BigInteger> codec = Codecs.forType(BigInteger.class);
    BigInteger value = BigInteger.TWO.pow(200).negate();

    byte[] encoded = codec.encode(value);

    assertThat(ascii(encoded)).isEqualTo(value.toString());
    assertThat(codec.decode(encoded)).isEqualTo(value);
    assertThatThrownBy(() -> codec.decode(ascii("12x")))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode '12x' as BigInteger: not a decimal integer");
  }

  // ---- floating point

  @ParameterizedTest
  @ValueSource(
      doubles = {
        0.0,
        -0.0,
        1.0,
        -1.5,
        0.5,
        1e-7,
        1e20,
        1e21,
        1e22,
        9.999999999999999e22, // the double nearest 1e23
        1e300,
        -1e300,
        Double.MIN_VALUE,
        Double.MIN_NORMAL,
        Double.MAX_VALUE,
        0.30000000000000004,
        Math.PI,
        Math.E,
        123456789.125,
        9007199254740991.0
      })
  void doubles_finiteValue_encodesWithoutExponentAndRoundTrips(double value) {
    Codec<Double> codec = Codecs.doubles();

    String text = ascii(codec.encode(value));

    assertThat(text).doesNotContain("E").doesNotContain("e").matches("-?[0-9]+(\\.[0-9]+)?");
    assertThat(Double.doubleToRawLongBits(Double.parseDouble(text)))
        .isEqualTo(Double.doubleToRawLongBits(value));
    assertThat(Double.doubleToRawLongBits(codec.decode(ascii(text))))
        .isEqualTo(Double.doubleToRawLongBits(value));
  }

  @Test
  void encode_doubles_writesPlainDecimal() {
    Codec<Double> codec = Codecs.doubles();

    assertThat(ascii(codec.encode(1e20))).isEqualTo("100000000000000000000");
    assertThat(ascii(codec.encode(0.5))).isEqualTo("0.5");
    assertThat(ascii(codec.encode(100.0))).isEqualTo("100.0");
    assertThat(ascii(codec.encode(-0.0))).isEqualTo("-0.0");
    assertThat(ascii(codec.encode(0.1 + 0.2))).isEqualTo("0.30000000000000004");
    assertThat(ascii(codec.encode(Math.PI))).isEqualTo("3.141592653589793");
    assertThat(ascii(codec.encode(Double.MIN_VALUE)))
        .startsWith("0.000")
        .endsWith("49")
        .hasSize(2 + 325);
  }

  @Test
  void doubles_spreadOfRandomBitPatterns_roundTripExactly() {
    Codec<Double> codec = Codecs.doubles();
    Random random = new Random(20240601L);
    for (int i = 0; i < 20_000; i++) {
      double value = Double.longBitsToDouble(random.nextLong());
      if (!Double.isFinite(value)) {
        continue;
      }
      String text = ascii(codec.encode(value));
      assertThat(text).as("encoding of %s", value).doesNotContainIgnoringCase("e");
      assertThat(Double.doubleToRawLongBits(codec.decode(ascii(text))))
          .as("round trip of %s via %s", value, text)
          .isEqualTo(Double.doubleToRawLongBits(value));
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void encode_doublesNotFinite_throwsCodecException(double value) {
    assertThatThrownBy(() -> Codecs.doubles().encode(value))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot store " + value + ": Redis can only do arithmetic on finite numbers");
  }

  @Test
  void decode_doublesPythonSpellings_accepted() {
    Codec<Double> codec = Codecs.doubles();

    assertThat(codec.decode(ascii("1e+20"))).isEqualTo(1e20);
    assertThat(codec.decode(ascii("1e-07"))).isEqualTo(1e-7);
    assertThat(codec.decode(ascii("1E20"))).isEqualTo(1e20);
    assertThat(codec.decode(ascii("inf"))).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(codec.decode(ascii("+inf"))).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(codec.decode(ascii("-inf"))).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(codec.decode(ascii("Infinity"))).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(codec.decode(ascii("nan"))).isNaN();
    assertThat(codec.decode(ascii("NaN"))).isNaN();
    assertThat(codec.decode(ascii("3"))).isEqualTo(3.0);
    assertThat(codec.decode(ascii(".5"))).isEqualTo(0.5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5d", "1.5f", "0x1p3", "0X10", "abc", "", "1,5", "1.2.3", "--1", "e"})
  void decode_doublesJavaOnlyOrInvalid_throwsCodecException(String text) {
    assertThatThrownBy(() -> Codecs.doubles().decode(ascii(text)))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode '" + text + "' as Double: not a decimal number")
        .hasCauseInstanceOf(NumberFormatException.class);
  }

  @ParameterizedTest
  @ValueSource(
      floats = {0.0f, -0.0f, 1.0f, 0.1f, 1e10f, 1e-10f, Float.MIN_VALUE, Float.MAX_VALUE, 3.4e38f})
  void floats_finiteValue_encodesWithoutExponentAndRoundTrips(float value) {
    Codec<Float> codec = Codecs.forType(Float.class);

    String text = ascii(codec.encode(value));

    assertThat(text).doesNotContainIgnoringCase("e");
    assertThat(Float.floatToRawIntBits(codec.decode(ascii(text))))
        .isEqualTo(Float.floatToRawIntBits(value));
  }

  @Test
  void floats_spreadOfRandomBitPatterns_roundTripExactly() {
    Codec<Float> codec = Codecs.forType(Float.class);
    Random random = new Random(7L);
    for (int i = 0; i < 20_000; i++) {
      float value = Float.intBitsToFloat(random.nextInt());
      if (!Float.isFinite(value)) {
        continue;
      }
      String text = ascii(codec.encode(value));
      assertThat(Float.floatToRawIntBits(codec.decode(ascii(text))))
          .as("round trip of %s via %s", value, text)
          .isEqualTo(Float.floatToRawIntBits(value));
    }
  }

  @Test
  void encode_floatsNotFinite_throwsCodecException() {
    Codec<Float> codec = Codecs.forType(Float.class);

    assertThatThrownBy(() -> codec.encode(Float.NaN))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot store NaN: Redis can only do arithmetic on finite numbers");
    assertThatThrownBy(() -> codec.encode(Float.NEGATIVE_INFINITY))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot store -Infinity: Redis can only do arithmetic on finite numbers");
  }

  @Test
  void encode_float_writesPlainDecimal() {
    Codec<Float> codec = Codecs.forType(Float.class);

    assertThat(ascii(codec.encode(0.1f))).isEqualTo("0.1");
    assertThat(ascii(codec.encode(1e10f))).isEqualTo("10000000000");
    assertThatThrownBy(() -> codec.decode(ascii("1.5f")))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode '1.5f' as Float: not a decimal number");
  }

  @Test
  void bigDecimals_values_roundTripAsPlainText() {
    Codec<BigDecimal> codec = Codecs.forType(BigDecimal.class);
    BigDecimal precise = new BigDecimal("-12345678901234567890.123456789012345678900");

    assertThat(ascii(codec.encode(precise))).isEqualTo(precise.toPlainString());
    assertThat(codec.decode(codec.encode(precise))).isEqualTo(precise);
    assertThat(ascii(codec.encode(new BigDecimal("1E+3")))).isEqualTo("1000");
    assertThat(ascii(codec.encode(new BigDecimal("1.5E-8")))).isEqualTo("0.000000015");
    assertThat(codec.decode(ascii("1e+3"))).isEqualByComparingTo("1000");
    assertThatThrownBy(() -> codec.decode(ascii("one")))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode 'one' as BigDecimal: not a decimal number");
  }

  // ---- booleans, UUIDs, enums

  @Test
  void encode_booleans_writesOneOrZero() {
    Codec<Boolean> codec = Codecs.forType(Boolean.class);

    assertThat(codec.encode(true)).isEqualTo(ascii("1"));
    assertThat(codec.encode(false)).isEqualTo(ascii("0"));
  }

  @Test
  void decode_booleans_acceptsDigitsAndWords() {
    Codec<Boolean> codec = Codecs.forType(Boolean.class);

    assertThat(codec.decode(ascii("1"))).isTrue();
    assertThat(codec.decode(ascii("0"))).isFalse();
    assertThat(codec.decode(ascii("true"))).isTrue();
    assertThat(codec.decode(ascii("False"))).isFalse();
    assertThat(codec.decode(ascii("TRUE"))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "2", "", "t", " 1"})
  void decode_booleansOtherText_throwsCodecException(String text) {
    assertThatThrownBy(() -> Codecs.forType(Boolean.class).decode(ascii(text)))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode '" + text + "' as Boolean: not a boolean (1, 0, true or false)");
  }

  @Test
  void uuids_value_roundTripsAsCanonicalText() {
    Codec<UUID> codec = Codecs.forType(UUID.class);
    UUID value = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

    assertThat(codec.encode(value)).isEqualTo(ascii("123e4567-e89b-12d3-a456-426614174000"));
    assertThat(codec.decode(codec.encode(value))).isEqualTo(value);
    UUID random = UUID.randomUUID();
    assertThat(codec.decode(codec.encode(random))).isEqualTo(random);
    assertThatThrownBy(() -> codec.decode(ascii("not-a-uuid")))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode 'not-a-uuid' as UUID: not a UUID");
  }

  @Test
  void enums_constant_encodesAsName() {
    Codec<Color> codec = Codecs.enums(Color.class);

    assertThat(codec.encode(Color.GREEN)).isEqualTo(ascii("GREEN"));
    assertThat(codec.decode(ascii("RED"))).isSameAs(Color.RED);
    assertThat(codec.type()).isEqualTo(Color.class);
    assertThat(codec).hasToString("Codecs.enums(Color.class)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"BLUE", "red", "", "RED "})
  void decode_enumsUnknownName_throwsCodecException(String text) {
    assertThatThrownBy(() -> Codecs.enums(Color.class).decode(ascii(text)))
        .isInstanceOf(CodecException.class)
        .hasMessage(
            "cannot decode '" + text + "' as " + Color.class.getName() + ": no such constant")
        .hasCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void forType_enum_usesConstantName() {
    Codec<Color> codec = Codecs.forType(Color.class);

    assertThat(codec.encode(Color.RED)).isEqualTo(ascii("RED"));
    assertThat(codec.decode(ascii("GREEN"))).isSameAs(Color.GREEN);
    assertThatThrownBy(() -> codec.decode(ascii("PURPLE")))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("no such constant");
  }

  // ---- forType

  @Test
  void forType_noDefault_throwsIllegalArgumentSuggestingExplicitCodecs() {
    assertThatThrownBy(() -> Codecs.forType(Object.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "no default codec for java.lang.Object: choose one explicitly, e.g."
                + " Codecs.json(Object.class) or Codecs.javaSerialization(Object.class,"
                + " \"your.package.*\")");
  }

  @Test
  void forType_namedTypes_returnsSameCodecsAsFactories() {
    assertThat(Codecs.forType(String.class)).isSameAs(Codecs.strings());
    assertThat(Codecs.forType(Long.class)).isSameAs(Codecs.longs());
    assertThat(Codecs.forType(Integer.class)).isSameAs(Codecs.integers());
    assertThat(Codecs.forType(Double.class)).isSameAs(Codecs.doubles());
    assertThat(Codecs.forType(byte[].class)).isSameAs(Codecs.bytes());
  }

  @Test
  void forType_defaults_reportTheirType() {
    assertThat(Codecs.forType(String.class).type()).isEqualTo(String.class);
    assertThat(Codecs.forType(Long.class).type()).isEqualTo(Long.class);
    assertThat(Codecs.forType(Float.class).type()).isEqualTo(Float.class);
    assertThat(Codecs.forType(BigDecimal.class).type()).isEqualTo(BigDecimal.class);
    assertThat(Codecs.forType(Boolean.class).type()).isEqualTo(Boolean.class);
    assertThat(Codecs.forType(UUID.class).type()).isEqualTo(UUID.class);
  }

  @Test
  void toString_defaults_namesTheFactory() {
    assertThat(Codecs.strings()).hasToString("Codecs.strings()");
    assertThat(Codecs.longs()).hasToString("Codecs.longs()");
    assertThat(Codecs.integers()).hasToString("Codecs.integers()");
    assertThat(Codecs.doubles()).hasToString("Codecs.doubles()");
    assertThat(Codecs.bytes()).hasToString("Codecs.bytes()");
    assertThat(Codecs.forType(UUID.class)).hasToString("Codecs.forType(UUID.class)");
  }

  @Test
  void forType_null_throwsNullPointerException() {
    assertThatThrownBy(() -> Codecs.forType(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("type");
  }

  // ---- CodecException

  @Test
  void atKey_noKey_prefixesKeyAndKeepsCause() {
    IllegalStateException cause = new IllegalStateException("boom");
    CodecException failure = new CodecException("cannot decode 'x' as Long", cause);

    CodecException located = failure.atKey("k");

    assertThat(failure.key()).isNull();
    assertThat(located.key()).isEqualTo("k");
    assertThat(located).hasMessage("key 'k': cannot decode 'x' as Long").hasCause(cause);
    assertThat(located.getStackTrace()).isEqualTo(failure.getStackTrace());
  }

  @Test
  void atKey_calledTwice_keepsFirstKey() {
    CodecException located = new CodecException("bad bytes", null).atKey("first");

    CodecException again = located.atKey("second");

    assertThat(again).isSameAs(located);
    assertThat(again.key()).isEqualTo("first");
    assertThat(again).hasMessage("key 'first': bad bytes").hasNoCause();
  }

  @Test
  void atKey_fromCodecFailure_keepsReasonAndCause() {
    CodecException failure =
        catchThrowableOfType(CodecException.class, () -> Codecs.longs().decode(ascii("4.2")));

    CodecException located = failure.atKey("counter");

    assertThat(located)
        .hasMessage("key 'counter': cannot decode '4.2' as Long: not a decimal integer")
        .hasCauseInstanceOf(NumberFormatException.class);
  }

  /** A codec whose decoding throws what it was given. */
  private record Throwing(Throwable failure) implements Codec<String> {
    @Override
    public byte[] encode(String value) {
      return ascii(value);
    }

    @Override
    public String decode(byte[] bytes) {
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      throw (Error) failure;
    }

    @Override
    public Class<String> type() {
      return String.class;
    }
  }

  @Test
  void decode_codecSucceeds_returnsItsValue() {
    assertThat(Codecs.decode(Codecs.longs(), ascii("42"))).isEqualTo(42L);
  }

  @Test
  void decode_codecException_passesUnchanged() {
    CodecException failure = new CodecException("bad bytes", null);

    assertThat(
            catchThrowableOfType(
                CodecException.class, () -> Codecs.decode(new Throwing(failure), ascii("x"))))
        .isSameAs(failure);
  }

  @Test
  void decode_runtimeException_becomesCodecExceptionWithCause() {
    ClassCastException failure = new ClassCastException("not an Order");

    assertThatThrownBy(() -> Codecs.decode(new Throwing(failure), ascii("xy")))
        .isInstanceOf(CodecException.class)
        .hasMessage(
            "cannot decode 2 stored bytes as java.lang.String: java.lang.ClassCastException: not an"
                + " Order")
        .hasCause(failure);
  }

  @Test
  void decode_stackOverflowOrOutOfMemory_becomesCodecExceptionWithCause() {
    StackOverflowError deep = new StackOverflowError();
    OutOfMemoryError big = new OutOfMemoryError("Java heap space");

    assertThatThrownBy(() -> Codecs.decode(new Throwing(deep), ascii("x")))
        .isInstanceOf(CodecException.class)
        .hasMessage(
            "cannot decode 1 stored bytes as java.lang.String: the value nests deeper than this"
                + " thread's stack allows (StackOverflowError)")
        .hasCause(deep);
    assertThatThrownBy(() -> Codecs.decode(new Throwing(big), ascii("x")))
        .isInstanceOf(CodecException.class)
        .hasMessage(
            "cannot decode 1 stored bytes as java.lang.String: decoding ran out of memory"
                + " (java.lang.OutOfMemoryError: Java heap space)")
        .hasCause(big);
  }

  @Test
  void decode_otherError_propagatesUnchanged() {
    AssertionError failure = new AssertionError("a bug, not the data");

    assertThatThrownBy(() -> Codecs.decode(new Throwing(failure), ascii("x"))).isSameAs(failure);
  }
}
