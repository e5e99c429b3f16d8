package org.hotredis.collections;

import com.google.common.collect.testing.ListTestSuiteBuilder;
import com.google.common.collect.testing.TestStringListGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.ListFeature;
import java.util.Arrays;
import java.util.List;
import junit.framework.Test;
import junit.framework.TestCase;

/**
 * guava-testlib's {@code List} conformance suite, run against {@link HotList} on a real
 * redis-server, with every feature the type supports switched on (sublists and iterators are
 * derived and tested too).
 */
public final class HotListSuiteTest extends TestCase {

  public static Test suite() {
    return ListTestSuiteBuilder.using(
            new TestStringListGenerator() {
              @Override
              protected List<String> create(String[] elements) {
                return HotList.builder(String.class)
                    .client(SuiteRedis.client())
                    .initial(Arrays.asList(elements))
                    .build();
              }
            })
        .named("HotList")
        .withFeatures(
            ListFeature.GENERAL_PURPOSE,
            CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
            CollectionFeature.KNOWN_ORDER,
            CollectionSize.ANY)
        .createTestSuite();
  }
}
