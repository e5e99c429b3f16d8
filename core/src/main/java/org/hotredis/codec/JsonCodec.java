package org.hotredis.codec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * Values stored as JSON text, through Jackson ({@code jackson-databind} is an optional dependency
 * of HOT Redis: add it to use this codec).
 *
 * <p>The default mapper writes properties, map entries and the elements of unordered sets in sorted
 * order, so equal values encode to equal bytes (as set members and hash fields require), and
 * enables no polymorphic typing: the stored JSON is bound to the type you name, never to a class
 * named in the data (unless that type opts in with Jackson's own annotations). It refuses to read
 * nesting deeper than 200 levels and numbers of more than 1,000 digits (however they are written),
 * so what decoding allocates stays proportional to the stored text. A mapper of your own keeps its
 * own {@link com.fasterxml.jackson.core.StreamReadConstraints}.
 *
 * @param <T> the Java type
 */
public final class JsonCodec<T> implements Codec<T> {
  private static final ObjectMapper DEFAULT_MAPPER =
      JsonMapper.builder(JsonLimits.factory())
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .addModule(CanonicalSets.module())
          .findAndAddModules()
          .addModule(JsonLimits.module())
          .build();

  /** The longest path of a mapping failure quoted in a message. */
  private static final int MAX_PATH_CHARS = 200;

  private final Class<T> type;
  private final ObjectReader reader;
  private final ObjectWriter writer;
  private final String description;

  private JsonCodec(ObjectMapper mapper, JavaType javaType, Class<T> type) {
    this.type = type;
    this.reader = mapper.readerFor(javaType);
    this.writer = mapper.writerFor(javaType);
    this.description = "JsonCodec(" + javaType.toCanonical() + ")";
  }

  /**
   * Returns a codec for a class with the default mapper.
   *
   * @param type the class of the values
   * @param <T> the Java type
   * @return the codec
   */
  public static <T> JsonCodec<T> of(Class<T> type) {
    return of(DEFAULT_MAPPER, type);
  }

  /**
   * Returns a codec for a class with your own mapper.
   *
   * @param mapper the Jackson mapper to read and write with
   * @param type the class of the values
   * @param <T> the Java type
   * @return the codec
   */
  public static <T> JsonCodec<T> of(ObjectMapper mapper, Class<T> type) {
    requireNonNull(mapper, "mapper");
    requireNonNull(type, "type");
    return new JsonCodec<>(mapper, mapper.constructType(type), type);
  }

  /**
   * Returns a codec for a generic type, such as {@code List<Order>}, with your own mapper.
   *
   * @param mapper the Jackson mapper to read and write with
   * @param typeReference the full generic type
   * @param <T> the Java type
   * @return the codec
   */
  @SuppressWarnings("unchecked")
  public static <T> JsonCodec<T> of(ObjectMapper mapper, TypeReference<T> typeReference) {
    requireNonNull(mapper, "mapper");
    requireNonNull(typeReference, "typeReference");
    JavaType javaType = mapper.constructType(typeReference);
    return new JsonCodec<>(mapper, javaType, (Class<T>) javaType.getRawClass());
  }

  @Override
  public byte[] encode(T value) {
    try {
      return writer.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new CodecException(
          "cannot encode " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public T decode(byte[] bytes) {
    T value;
    try {
      value = reader.readValue(bytes);
    } catch (IOException e) {
      throw new CodecException(
          "cannot decode '"
              + TextCodecs.excerpt(bytes)
              + "' as JSON "
              + type.getName()
              + ": "
              + describe(e),
          e);
    } catch (RuntimeException | StackOverflowError e) {
      throw Codecs.decodeFailure(type, bytes.length, e);
    }
    if (value == null) {
      throw new CodecException("cannot decode JSON null as " + type.getName(), null);
    }
    return value;
  }

  /**
   * Describes a reading failure: Jackson's message without the location, and the path to the
   * failing property, shortened (a hostile value nested a thousand levels deep has a long one).
   */
  private static String describe(IOException e) {
    if (!(e instanceof JsonProcessingException failure)) {
      return e.toString();
    }
    String description = failure.getClass().getSimpleName() + ": " + failure.getOriginalMessage();
    if (failure instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String path = mapping.getPathReference();
      description +=
          " (at "
              + (path.length() > MAX_PATH_CHARS ? path.substring(0, MAX_PATH_CHARS) + "..." : path)
              + ")";
    }
    return description;
  }

  @Override
  public Class<T> type() {
    return type;
  }

  @Override
  public String toString() {
    return description;
  }
}
