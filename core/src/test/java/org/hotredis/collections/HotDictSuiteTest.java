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
 * guava-testlib's {@code ConcurrentMap} conformance suite, run against {@link HotDict} on a real
 * redis-server, with every feature the type supports switched on (the key set, values and entry set
 * views and their iterators are derived and tested too). Null keys, values and queries are refused,
 * as {@link java.util.concurrent.ConcurrentHashMap} refuses them.
 */
public final class HotDictSuiteTest extends TestCase {

  public static Test suite() {
    return ConcurrentMapTestSuiteBuilder.using(
            new TestStringMapGenerator() {
              @Override
              protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                Map<String, String> initial = new LinkedHashMap<>();
                for (Map.Entry<String, String> entry : entries) {
                  initial.put(entry.getKey(), entry.getValue());
                }
                return HotDict.builder(String.class, String.class)
                    .client(SuiteRedis.client())
                    .initial(initial)
                    .build();
              }
            })
        .named("HotDict")
        .withFeatures(
            MapFeature.GENERAL_PURPOSE,
            CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
            CollectionSize.ANY)
        .createTestSuite();
  }
}
