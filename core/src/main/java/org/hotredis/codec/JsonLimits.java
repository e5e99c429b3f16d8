package org.hotredis.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * What the default JSON mapper refuses to read, so that a stored value cannot make decoding use
 * more than a small multiple of its size in memory, or more stack than a thread has.
 *
 * <ul>
 *   <li>Nesting deeper than {@value #MAX_NESTING_DEPTH} arrays and objects. Jackson's own default
 *       (1,000) lets a value of a recursive type need about 1 MiB of thread stack.
 *   <li>Numbers of more than 1,000 digits (Jackson's default), and a {@code BigInteger} whose
 *       exponent makes it longer than that: Jackson would expand {@code 1e99999} (7 bytes) into a
 *       100,000-digit number, allocating about 8.6 MB and taking about 0.1 s for each.
 *   <li>Strings and names beyond Jackson's defaults (20 million characters, 50,000 characters).
 * </ul>
 *
 * Everything else Jackson reads is proportional to the text it reads.
 */
final class JsonLimits {
  /** The deepest nesting of arrays and objects the default mapper reads. */
  static final int MAX_NESTING_DEPTH = 200;

  private JsonLimits() {}

  /** Returns the factory of the default mapper, with the limits above. */
  static JsonFactory factory() {
    return JsonFactory.builder()
        .streamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
        .build();
  }

  /**
   * Returns the module that bounds the numbers the default mapper turns into {@code BigInteger}.
   */
  static SimpleModule module() {
    return new SimpleModule("hot-redis-json-limits")
        .addDeserializer(BigInteger.class, new BoundedBigIntegers());
  }

  /**
   * Reads a {@code BigInteger} as Jackson does, except that a number written with a fraction or an
   * exponent may not stand for more digits than a number written out in full may have.
   */
  private static final class BoundedBigIntegers extends NumberDeserializers.BigIntegerDeserializer {
    private static final long serialVersionUID = 1L;

    @Override
    public BigInteger deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
        return super.deserialize(p, ctxt);
      }
      // as Jackson's own, with the number of digits checked before they are computed
      CoercionAction coercion = _checkFloatToIntCoercion(p, ctxt, _valueClass);
      if (coercion == CoercionAction.AsNull) {
        return getNullValue(ctxt);
      }
      if (coercion == CoercionAction.AsEmpty) {
        return (BigInteger) getEmptyValue(ctxt);
      }
      BigDecimal decimal = p.getDecimalValue();
      long digits = (long) decimal.precision() - decimal.scale();
      int maxDigits = p.streamReadConstraints().getMaxNumberLength();
      if (digits > maxDigits) {
        return (BigInteger)
            ctxt.handleWeirdNumberValue(
                BigInteger.class,
                decimal,
                "as a BigInteger it would have %d digits, more than the %d allowed",
                digits,
                maxDigits);
      }
      // below 1 in magnitude: zero, without dividing by a power of ten as large as the exponent
      return digits <= 0 ? BigInteger.ZERO : decimal.toBigInteger();
    }
  }
}
