package org.hotredis.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.CollectionType;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;

/**
 * Writes the elements of unordered sets in the order of their JSON text, so that equal sets encode
 * to equal bytes whatever their iteration order.
 */
final class CanonicalSets {
  private static final JsonFactory FACTORY = new JsonFactory();

  private CanonicalSets() {}

  static SimpleModule module() {
    SimpleModule module = new SimpleModule("hot-redis-canonical-sets");
    module.setSerializerModifier(
        new BeanSerializerModifier() {
          private static final long serialVersionUID = 1L;

          @Override
          public JsonSerializer<?> modifyCollectionSerializer(
              SerializationConfig config,
              CollectionType valueType,
              BeanDescription description,
              JsonSerializer<?> serializer) {
            Class<?> raw = valueType.getRawClass();
            if (Set.class.isAssignableFrom(raw) && !SortedSet.class.isAssignableFrom(raw)) {
              return new SortedElements();
            }
            return serializer;
          }
        });
    return module;
  }

  private static final class SortedElements extends StdSerializer<Set<?>> {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings({"unchecked", "rawtypes"})
    SortedElements() {
      super((Class<Set<?>>) (Class) Set.class);
    }

    @Override
    public void serialize(Set<?> value, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      List<String> elements = new ArrayList<>(value.size());
      for (Object element : value) {
        StringWriter text = new StringWriter();
        try (JsonGenerator elementGenerator = FACTORY.createGenerator(text)) {
          provider.defaultSerializeValue(element, elementGenerator);
        }
        elements.add(text.toString());
      }
      Collections.sort(elements);
      generator.writeStartArray(value, elements.size());
      for (String element : elements) {
        generator.writeRawValue(element);
      }
      generator.writeEndArray();
    }
  }
}
