package org.hotredis.collections;

import com.google.common.collect.testing.ConcurrentMapTestSuiteBuilder;
import com.google.common.collect.testing.TestStringMapGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.MapFeature;
import java.util.LinkedHashMap;
import java.util.Map;
import junit.framework.Test;
import junit.framework.TestCase;

/**
 * guava-testlib's {@code Map} conformance suite, in its {@code ConcurrentMap} form, run against
 * {@link HotDefaultDict} on a real redis-server: the {@code Map} contract holds because {@code get}
 * and the views never create a key; only {@code getOrCreate} does.
 */
public final class HotDefaultDictSuiteTest extends TestCase {

  public static Test suite() {
    return ConcurrentMapTestSuiteBuilder.using(
            new TestStringMapGenerator() {
              @Override
              protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                Map<String, String> initial = new LinkedHashMap<>();
                for (Map.Entry<String, String> entry : entries) {
                  initial.put(entry.getKey(), entry.getValue());
                }
                return HotDefaultDict.builder(String.class, String.class, () -> "default")
                    .client(SuiteRedis.client())
                    .initial(initial)
                    .build();
              }
            })
        .named("HotDefaultDict")
        .withFeatures(
            MapFeature.GENERAL_PURPOSE,
            CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
            CollectionSize.ANY)
        .createTestSuite();
  }
}
