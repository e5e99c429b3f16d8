package org.hotredis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hotredis.HotClient;
import org.hotredis.collections.HotList;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.junit.jupiter.api.Test;

@RedisTest
final class RoundTripsTest {

  @Test
  void proxy_countsOneRoundTripPerTurn(RedisServer server) {
    try (RoundTripProxy proxy = new RoundTripProxy(server.host(), server.port());
        HotClient client = HotClient.create("redis://127.0.0.1:" + proxy.port())) {
      HotList<String> list = HotList.builder(String.class).client(client).build();
      list.add("warm-up");
      proxy.reset();
      list.add("a");
      list.add("b");
      assertThat(proxy.roundTrips()).isEqualTo(2);
    }
  }

  @Test
  void everyOperation_costsTheRoundTripsItsDocumentationStates(RedisServer server) {
    try (RoundTripProxy proxy = new RoundTripProxy(server.host(), server.port());
        HotClient client = HotClient.create("redis://127.0.0.1:" + proxy.port())) {
      List<RoundTrips.Row> rows = RoundTrips.measure(client, proxy);
      assertThat(rows).hasSizeGreaterThan(30);
      assertThat(rows)
          .allSatisfy(
              row ->
                  assertThat(row.measured())
                      .as("%s %s", row.type(), row.operation())
                      .isEqualTo(row.expected()));
    }
  }
}
