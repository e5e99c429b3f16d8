package org.hotredis.collections;

import com.google.common.collect.testing.SetTestSuiteBuilder;
import com.google.common.collect.testing.TestStringSetGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.SetFeature;
import java.util.Arrays;
import java.util.Set;
import junit.framework.Test;
import junit.framework.TestCase;

/**
 * guava-testlib's {@code Set} conformance suite, run against {@link HotSet} on a real redis-server,
 * with every feature the type supports switched on (iterators, including {@code remove}, are tested
 * too). Null members are refused, so the null features stay off.
 */
public final class HotSetSuiteTest extends TestCase {

  public static Test suite() {
    return SetTestSuiteBuilder.using(
            new TestStringSetGenerator() {
              @Override
              protected Set<String> create(String[] elements) {
                return HotSet.builder(String.class)
                    .client(SuiteRedis.client())
                    .initial(Arrays.asList(elements))
                    .build();
              }
            })
        .named("HotSet")
        .withFeatures(
            SetFeature.GENERAL_PURPOSE,
            CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
            CollectionSize.ANY)
        .createTestSuite();
  }
}
