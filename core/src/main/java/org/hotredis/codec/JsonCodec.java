package org.hotredis.codec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
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
 * named in the data (unless that type opts in with Jackson's own annotations).
 *
 * @param <T> the Java type
 */
public final class JsonCodec<T> implements Codec<T> {
  private static final ObjectMapper DEFAULT_MAPPER =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .addModule(CanonicalSets.module())
          .findAndAddModules()
          .build();

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
    try {
      T value = reader.readValue(bytes);
      if (value == null) {
        throw new CodecException("cannot decode JSON null as " + type.getName(), null);
      }
      return value;
    } catch (IOException e) {
      throw new CodecException(
          "cannot decode '" + TextCodecs.excerpt(bytes) + "' as JSON " + type.getName() + ": " + e,
          e);
    }
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
