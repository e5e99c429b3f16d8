package org.hotredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.hotredis.collections.HotDefaultDict;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;

@RedisTest
final class ShortFactoriesTest {

  @Test
  void shortFactories_buildTheSameHandlesAsTheBuilders(RedisDeployment server) {
    try (HotClient client = HotClient.create(server.uri())) {
      client.list("jobs", String.class).add("a");
      client.set("tags", String.class).add("b");
      client.dict("stock", String.class, Long.class).put("apples", 3L);
      HotDefaultDict<String, Long> counts =
          client.defaultDict("counts", String.class, Long.class, () -> 0L);
      counts.getOrCreate("x");
      client.multiSet("votes", String.class).add("yes");
      client.string("greeting").append("hi");
      client.integer("hits").incrementAndGet();
      client.floating("temperature").set(21.5);

      assertThat(server.execute("TYPE", "jobs")).isEqualTo("list");
      assertThat(server.execute("TYPE", "tags")).isEqualTo("set");
      assertThat(server.execute("TYPE", "stock")).isEqualTo("hash");
      assertThat(server.execute("TYPE", "counts")).isEqualTo("hash");
      assertThat(server.execute("TYPE", "votes")).isEqualTo("hash");
      assertThat(server.execute("GET", "greeting")).isEqualTo("hi");
      assertThat(server.execute("GET", "hits")).isEqualTo("1");
      assertThat(client.list("jobs", String.class)).containsExactly("a");
      assertThat(client.dict("stock", String.class, Long.class)).containsEntry("apples", 3L);
      assertThat(client.floating("temperature").get()).isEqualTo(21.5);
      assertThat(client.list("jobs", String.class).client()).isSameAs(client);
    }
  }

  @Test
  void toolkitState_isOnePerClientAndClosedWithItInReverseOrder(RedisDeployment server) {
    List<String> closed = new ArrayList<>();
    final class First implements AutoCloseable {
      @Override
      public void close() {
        closed.add("first");
      }
    }
    final class Second implements AutoCloseable {
      @Override
      public void close() {
        closed.add("second");
      }
    }
    HotClient client = HotClient.create(server.uri());
    HotClient other = HotClient.create(server.uri());
    try {
      Toolkit toolkit = Toolkit.of(client);
      First first = toolkit.state(First.class, First::new);
      assertThat(Toolkit.of(client).state(First.class, First::new)).isSameAs(first);
      toolkit.state(Second.class, Second::new);
      assertThat(Toolkit.of(other).state(First.class, First::new)).isNotSameAs(first);

      client.close();

      assertThat(closed).containsExactly("second", "first");
      assertThatThrownBy(() -> toolkit.state(First.class, First::new))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
      assertThatThrownBy(toolkit::scheduler).isInstanceOf(IllegalStateException.class);
    } finally {
      client.close();
      other.close();
    }
    assertThat(closed).containsExactly("second", "first", "first");
  }
}
