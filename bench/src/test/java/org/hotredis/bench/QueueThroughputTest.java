package org.hotredis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.hotredis.bench.QueueChannels.Channel;
import org.junit.jupiter.api.Test;

final class QueueThroughputTest {

  @Test
  void measure_takesExactlyWhatWasPut_throughEachLibrary() throws Exception {
    try (QueueChannels queues = QueueChannels.start()) {
      Map<String, Channel> channels = queues.channels("test:");
      assertThat(channels).containsOnlyKeys("jedis", "hot", "redisson");
      for (Channel channel : channels.values()) {
        assertThat(QueueThroughput.measure(channel, 300)).isPositive();
        // every element put was taken: the next one put is the next one taken
        channel.put("after");
        assertThat(channel.take()).isEqualTo("after");
      }
    }
  }
}
