package org.hotredis.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;

@RedisTest
final class DictsExampleTest {
  @Test
  void run_conditionalWritesAndDefaults_printsResults(RedisDeployment redis) throws Exception {
    assertThat(Printed.lines(out -> DictsExample.run(redis.uri(), out)))
        .containsExactly(
            "putIfAbsent(bob, guest): null",
            "putIfAbsent(ann, guest): admin",
            "replace(bob, guest -> editor): true",
            "roles: {ann=admin, bob=editor}",
            "visits of /pricing (stored now): 0",
            "visits: {/about=1, /home=2, /pricing=0}",
            "get never creates: null, 3 pages");
  }
}
