package org.hotredis.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;

@RedisTest
final class JCacheExampleTest {
  @Test
  void run_readThroughWriteThroughAndListener_printsEventsAndDatabase(RedisDeployment redis)
      throws Exception {
    assertThat(Printed.lines(out -> JCacheExample.run(redis.uri(), out)))
        .containsExactly(
            "  event: created dune = Dune",
            "get dune: Dune",
            "get dune: Dune",
            "database reads: 1",
            "  event: created kim = Kim",
            "  event: updated dune Dune -> Dune Messiah",
            "  event: removed kim = Kim",
            "database: {dune=Dune Messiah, emma=Emma}",
            "cache provider: HotCachingProvider");
    // destroyCache left only the tombstone that stale handles in other JVMs would find
    assertThat(redis.execute("DBSIZE")).isEqualTo(1L);
    assertThat(redis.execute("HKEYS", "{jcache:example-titles}:config"))
        .isEqualTo(java.util.List.of("destroyed"));
  }
}
