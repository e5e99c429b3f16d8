package org.hotredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import org.hotredis.shaded.redis.clients.jedis.HostAndPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class RedisUriTest {

  private static HotClientBuilder parse(String uri) {
    return HotClient.builder().uri(uri);
  }

  private static String failure(String uri) {
    Throwable thrown = catchThrowable(() -> parse(uri));
    assertThat(thrown).as("parsing %s", uri).isInstanceOf(IllegalArgumentException.class);
    return thrown.getMessage();
  }

  // ---- valid URIs

  @Test
  void uri_hostOnly_usesDefaults() {
    HotClientBuilder builder = parse("redis://localhost");

    assertThat(builder.topology).isEqualTo(HotClientBuilder.Topology.STANDALONE);
    assertThat(builder.endpoints).containsExactly(new HostAndPort("localhost", 6379));
    assertThat(builder.database).isZero();
    assertThat(builder.tls).isFalse();
    assertThat(builder.user).isNull();
    assertThat(builder.password).isNull();
    assertThat(builder.masterName).isNull();
    assertThat(builder.socketTimeout).isEqualTo(Duration.ofSeconds(2));
    assertThat(builder.connectTimeout).isEqualTo(Duration.ofSeconds(2));
    assertThat(builder.poolSize).isEqualTo(64);
    assertThat(builder.clientName).isEqualTo("hot-redis");
  }

  @Test
  void uri_portAndDatabase_setsBoth() {
    HotClientBuilder builder = parse("redis://host:6380/3");

    assertThat(builder.endpoints).containsExactly(new HostAndPort("host", 6380));
    assertThat(builder.database).isEqualTo(3);
    assertThat(builder.tls).isFalse();
  }

  @Test
  void uri_trailingSlashAfterDatabase_isIgnored() {
    assertThat(parse("redis://host/5/").database).isEqualTo(5);
    assertThat(parse("redis://host/").database).isZero();
  }

  @Test
  void uri_tlsScheme_setsTls() {
    HotClientBuilder builder = parse("rediss://secure.example.com");

    assertThat(builder.tls).isTrue();
    assertThat(builder.topology).isEqualTo(HotClientBuilder.Topology.STANDALONE);
    assertThat(builder.endpoints).containsExactly(new HostAndPort("secure.example.com", 6379));
  }

  @Test
  void uri_schemeInUpperCase_isAccepted() {
    HotClientBuilder builder = parse("REDISS://h:1234");

    assertThat(builder.tls).isTrue();
    assertThat(builder.endpoints).containsExactly(new HostAndPort("h", 1234));
  }

  @Test
  void uri_passwordOnly_setsPasswordWithoutUser() {
    HotClientBuilder builder = parse("redis://:secret@h");

    assertThat(builder.user).isNull();
    assertThat(builder.password).isEqualTo("secret");
    assertThat(builder.endpoints).containsExactly(new HostAndPort("h", 6379));
  }

  @Test
  void uri_userAndPercentEncodedPassword_decodesPassword() {
    HotClientBuilder builder = parse("redis://alice:s%40cret@h");

    assertThat(builder.user).isEqualTo("alice");
    assertThat(builder.password).isEqualTo("s@cret");
  }

  @Test
  void uri_plusInPassword_staysPlus() {
    assertThat(parse("redis://:a+b%20c@h").password).isEqualTo("a+b c");
  }

  @Test
  void uri_userWithoutPassword_setsUserOnly() {
    HotClientBuilder builder = parse("redis://bob:@h");

    assertThat(builder.user).isEqualTo("bob");
    assertThat(builder.password).isNull();
  }

  @Test
  void uri_unencodedAtInPassword_splitsAtLastAt() {
    assertThat(parse("redis://u:p@ss@h:7000").password).isEqualTo("p@ss");
  }

  @Test
  void uri_bracketedIpv6_parsesHostAndPort() {
    HotClientBuilder builder = parse("redis://[::1]:6390");

    assertThat(builder.endpoints).containsExactly(new HostAndPort("::1", 6390));
    assertThat(parse("redis://[fe80::1]/2").endpoints)
        .containsExactly(new HostAndPort("fe80::1", 6379));
  }

  @Test
  void uri_options_setTimeoutsPoolAndName() {
    HotClientBuilder builder =
        parse("redis://h?timeout=500ms&connectTimeout=2s&poolSize=4&clientName=app");

    assertThat(builder.socketTimeout).isEqualTo(Duration.ofMillis(500));
    assertThat(builder.connectTimeout).isEqualTo(Duration.ofSeconds(2));
    assertThat(builder.poolSize).isEqualTo(4);
    assertThat(builder.clientName).isEqualTo("app");
  }

  @ParameterizedTest
  @CsvSource({"250,250", "250ms,250", "1.5s,1500", "3S,3000", "10MS,10"})
  void uri_timeoutSpellings_parseToMilliseconds(String text, long millis) {
    assertThat(parse("redis://h?socketTimeout=" + text).socketTimeout)
        .isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void uri_emptyOptionPairs_areSkipped() {
    assertThat(parse("redis://h?&poolSize=2&&").poolSize).isEqualTo(2);
  }

  @Test
  void uri_cluster_setsAllEndpoints() {
    HotClientBuilder builder = parse("redis-cluster://a:7000,b:7001");

    assertThat(builder.topology).isEqualTo(HotClientBuilder.Topology.CLUSTER);
    assertThat(builder.endpoints)
        .containsExactly(new HostAndPort("a", 7000), new HostAndPort("b", 7001));
    assertThat(builder.database).isZero();
    assertThat(builder.tls).isFalse();
  }

  @Test
  void uri_tlsCluster_setsTlsAndDefaultPort() {
    HotClientBuilder builder = parse("rediss-cluster://:pw@a,b:7001");

    assertThat(builder.tls).isTrue();
    assertThat(builder.password).isEqualTo("pw");
    assertThat(builder.endpoints)
        .containsExactly(new HostAndPort("a", 6379), new HostAndPort("b", 7001));
  }

  @Test
  void uri_sentinel_setsSentinelsMasterAndDatabase() {
    HotClientBuilder builder = parse("redis-sentinel://s1:26379,s2/mymaster/2");

    assertThat(builder.topology).isEqualTo(HotClientBuilder.Topology.SENTINEL);
    assertThat(builder.endpoints)
        .containsExactly(new HostAndPort("s1", 26379), new HostAndPort("s2", 26379));
    assertThat(builder.masterName).isEqualTo("mymaster");
    assertThat(builder.database).isEqualTo(2);
  }

  @Test
  void uri_sentinelCredentialOptions_setSentinelCredentials() {
    HotClientBuilder builder =
        parse("redis-sentinel://:datapw@s1/m?sentinelPassword=p%40ss&sentinelUser=watcher");

    assertThat(builder.password).isEqualTo("datapw");
    assertThat(builder.sentinelUser).isEqualTo("watcher");
    assertThat(builder.sentinelPassword).isEqualTo("p@ss");
    assertThat(builder.masterName).isEqualTo("m");
    assertThat(builder.database).isZero();
  }

  // ---- invalid URIs

  @Test
  void uri_missingScheme_throwsIllegalArgument() {
    assertThat(failure("localhost:6379"))
        .isEqualTo(
            "invalid Redis URI 'localhost:6379': it must start with redis://, rediss://,"
                + " redis-cluster:// or redis-sentinel://");
  }

  @Test
  void uri_unknownScheme_throwsIllegalArgument() {
    assertThat(failure("http://h"))
        .isEqualTo("invalid Redis URI 'http://h': unknown scheme 'http'");
  }

  @Test
  void uri_nonNumericPort_throwsIllegalArgument() {
    assertThat(failure("redis://h:abc"))
        .isEqualTo("invalid Redis URI 'redis://h:abc': port 'abc' is not a number");
  }

  @ParameterizedTest
  @CsvSource({"0", "70000", "65536", "-1"})
  void uri_portOutOfRange_throwsIllegalArgument(int port) {
    assertThat(failure("redis://h:" + port))
        .isEqualTo(
            "invalid Redis URI 'redis://h:" + port + "': port " + port + " is outside 1-65535");
  }

  @Test
  void uri_noHost_throwsIllegalArgument() {
    assertThat(failure("redis://")).isEqualTo("invalid Redis URI 'redis://': it names no host");
    assertThat(failure("redis:///0")).isEqualTo("invalid Redis URI 'redis:///0': it names no host");
  }

  @Test
  void uri_emptyHostBeforePort_throwsIllegalArgument() {
    assertThat(failure("redis://:6379"))
        .isEqualTo("invalid Redis URI 'redis://:6379': empty host in ':6379'");
    assertThat(failure("redis-cluster://a:7000,,b:7001"))
        .isEqualTo("invalid Redis URI 'redis-cluster://a:7000,,b:7001': empty host in ''");
    assertThat(failure("redis://[]:6379"))
        .isEqualTo("invalid Redis URI 'redis://[]:6379': empty host in '[]:6379'");
  }

  @Test
  void uri_standaloneWithTwoHosts_throwsIllegalArgument() {
    assertThat(failure("redis://a:6379,b:6379"))
        .isEqualTo(
            "invalid Redis URI 'redis://a:6379,b:6379': a redis:// URI names one host; use"
                + " redis-cluster:// or redis-sentinel:// for several");
  }

  @Test
  void uri_clusterWithDatabase_throwsIllegalArgument() {
    assertThat(failure("redis-cluster://a:7000/1"))
        .isEqualTo(
            "invalid Redis URI 'redis-cluster://a:7000/1': Redis Cluster has only database 0;"
                + " remove '/1'");
  }

  @Test
  void uri_sentinelWithoutMaster_throwsIllegalArgument() {
    String expected =
        "a redis-sentinel:// URI must name the master: redis-sentinel://host:26379/mymaster";
    assertThat(failure("redis-sentinel://s1:26379"))
        .isEqualTo("invalid Redis URI 'redis-sentinel://s1:26379': " + expected);
    assertThat(failure("redis-sentinel://s1:26379//2"))
        .isEqualTo("invalid Redis URI 'redis-sentinel://s1:26379//2': " + expected);
  }

  @Test
  void uri_nonNumericDatabase_throwsIllegalArgument() {
    assertThat(failure("redis://h/zero"))
        .isEqualTo("invalid Redis URI 'redis://h/zero': database 'zero' is not a number");
  }

  @Test
  void uri_unknownOption_throwsIllegalArgument() {
    assertThat(failure("redis://h?timeout=1s&color=blue"))
        .isEqualTo(
            "invalid Redis URI 'redis://h?timeout=1s&color=blue': unknown option 'color' (known:"
                + " timeout, connectTimeout, poolSize, clientName, sentinelUser,"
                + " sentinelPassword)");
  }

  @Test
  void uri_optionWithoutValue_throwsIllegalArgument() {
    assertThat(failure("redis://h?timeout"))
        .isEqualTo("invalid Redis URI 'redis://h?timeout': option 'timeout' has no value");
    assertThat(failure("redis://h?=5"))
        .isEqualTo("invalid Redis URI 'redis://h?=5': option '=5' has no value");
  }

  @Test
  void uri_badDuration_throwsIllegalArgument() {
    assertThat(failure("redis://h?connectTimeout=soon"))
        .isEqualTo(
            "invalid Redis URI 'redis://h?connectTimeout=soon': connectTimeout 'soon' is not a"
                + " duration (give 500ms, 2s or milliseconds)");
  }

  @Test
  void uri_nonNumericPoolSize_throwsIllegalArgument() {
    assertThat(failure("redis://h?poolSize=many"))
        .isEqualTo("invalid Redis URI 'redis://h?poolSize=many': poolSize 'many' is not a number");
  }

  @Test
  void uri_userInfoWithoutColon_throwsWithoutShowingSecret() {
    String message = failure("redis://secret@h");

    assertThat(message)
        .isEqualTo(
            "invalid Redis URI 'redis://:***@h': the part before '@' has no ':'; write"
                + " redis://:password@host for a password, or redis://user:password@host for an"
                + " ACL user")
        .doesNotContain("secret");
  }

  @Test
  void uri_unbracketedIpv6_throwsIllegalArgument() {
    assertThat(failure("redis://::1:6379"))
        .isEqualTo(
            "invalid Redis URI 'redis://::1:6379': IPv6 address '::1:6379' must be written in"
                + " brackets: [::1]:6379");
  }

  @Test
  void uri_unclosedBracket_throwsIllegalArgument() {
    assertThat(failure("redis://[::1:6379"))
        .isEqualTo("invalid Redis URI 'redis://[::1:6379': unclosed '[' in host '[::1:6379'");
    assertThat(failure("redis://[::1]x"))
        .isEqualTo("invalid Redis URI 'redis://[::1]x': unexpected text after ']' in '[::1]x'");
  }

  @Test
  void uri_badPercentEncoding_throwsIllegalArgument() {
    assertThat(failure("redis://u:%zz@h"))
        .isEqualTo("invalid Redis URI 'redis://u:***@h': bad percent-encoding");
  }

  @Test
  void uri_badPortWithPassword_hidesPassword() {
    String message = failure("redis://user:hunter2@h:notaport");

    assertThat(message)
        .isEqualTo(
            "invalid Redis URI 'redis://user:***@h:notaport': port 'notaport' is not a number")
        .contains("***")
        .doesNotContain("hunter2");
  }

  @Test
  void uri_missingSchemeWithPassword_hidesPassword() {
    assertThat(failure("user:hunter2@localhost:6379"))
        .startsWith("invalid Redis URI 'user:***@localhost:6379': ")
        .doesNotContain("hunter2");
  }

  @Test
  void uri_badOptionWithSentinelPassword_hidesSentinelPassword() {
    assertThat(failure("redis-sentinel://s1/m?sentinelPassword=hunter2&poolSize=x"))
        .isEqualTo(
            "invalid Redis URI 'redis-sentinel://s1/m?sentinelPassword=***&poolSize=x': poolSize"
                + " 'x' is not a number")
        .doesNotContain("hunter2");
  }

  @Test
  void uri_slashInPasswordWithBadPort_hidesPassword() {
    assertThat(parse("redis://user:hunter/2@h").password).isEqualTo("hunter/2");

    assertThat(failure("redis://user:hunter/2@h:notaport"))
        .startsWith("invalid Redis URI 'redis://user:***@h:notaport': ")
        .doesNotContain("hunter");
  }

  @Test
  void uri_outOfRangeValue_messageQuotesUri() {
    assertThat(failure("redis://h?poolSize=0"))
        .startsWith("invalid Redis URI 'redis://h?poolSize=0'");
    assertThat(failure("redis://h/-1")).startsWith("invalid Redis URI 'redis://h/-1'");
    assertThat(failure("redis://h?timeout=0"))
        .startsWith("invalid Redis URI 'redis://h?timeout=0'");
  }

  // ---- redact

  @Test
  void redact_userAndPassword_hidesPasswordOnly() {
    assertThat(RedisUri.redact("rediss://app:s3cr3t@redis.example.com:6380/2?timeout=1s"))
        .isEqualTo("rediss://app:***@redis.example.com:6380/2?timeout=1s");
  }

  @Test
  void redact_passwordOnly_hidesPassword() {
    assertThat(RedisUri.redact("redis://:s3cr3t@h")).isEqualTo("redis://:***@h");
  }

  @Test
  void redact_noCredentials_returnsUriUnchanged() {
    assertThat(RedisUri.redact("redis://h:6379/1?timeout=2s"))
        .isEqualTo("redis://h:6379/1?timeout=2s");
  }

  @Test
  void redact_sentinelPasswordOption_hidesItsValue() {
    assertThat(
            RedisUri.redact(
                "redis-sentinel://:pw@s1,s2/m/1?sentinelUser=w&sentinelPassword=t%40p&timeout=1s"))
        .isEqualTo(
            "redis-sentinel://:***@s1,s2/m/1?sentinelUser=w&sentinelPassword=***&timeout=1s");
    assertThat(RedisUri.redact("redis-sentinel://s1/m?SENTINELPASSWORD=x"))
        .isEqualTo("redis-sentinel://s1/m?SENTINELPASSWORD=***");
  }

  // ---- builder validation

  @Test
  void poolSize_zero_throwsIllegalArgument() {
    assertThatThrownBy(() -> HotClient.builder().poolSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("poolSize must be >= 1, was 0");
  }

  @Test
  void database_negative_throwsIllegalArgument() {
    assertThatThrownBy(() -> HotClient.builder().database(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("database must be >= 0, was -1");
  }

  @Test
  void timeouts_zeroOrNegative_throwIllegalArgument() {
    assertThatThrownBy(() -> HotClient.builder().socketTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("socketTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> HotClient.builder().connectTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connectTimeout must be positive, was PT-0.001S");
    assertThatThrownBy(() -> HotClient.builder().borrowTimeout(Duration.ofSeconds(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("borrowTimeout must be positive, was PT-5S");
  }

  @Test
  void clientName_withSpaceOrEmpty_throwsIllegalArgument() {
    assertThatThrownBy(() -> HotClient.builder().clientName("my app"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clientName must be non-empty without spaces, was 'my app'");
    assertThatThrownBy(() -> HotClient.builder().clientName(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clientName must be non-empty without spaces, was ''");
    assertThatThrownBy(() -> HotClient.builder().clientName("tab\there"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void maxValueSize_zero_throwsIllegalArgument() {
    assertThatThrownBy(() -> HotClient.builder().maxValueSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxValueSize must be positive, was 0");
  }

  @Test
  void build_clusterWithDatabase_throwsBeforeConnecting() {
    HotClientBuilder builder = HotClient.builder().cluster(List.of("a:7000")).database(1);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Redis Cluster has only database 0, not 1");
  }

  @Test
  void build_clusterUriThenDatabase_throwsBeforeConnecting() {
    HotClientBuilder builder = HotClient.builder().uri("redis-cluster://a:7000").database(4);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Redis Cluster has only database 0, not 4");
  }

  @ParameterizedTest
  @CsvSource({"0", "65536", "-80"})
  void endpoint_portOutOfRange_throwsIllegalArgument(int port) {
    assertThatThrownBy(() -> HotClient.builder().endpoint("h", port))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port " + port + " is outside 1-65535");
  }

  @Test
  void cluster_seedPortOutOfRangeOrNotNumber_throwsIllegalArgument() {
    assertThatThrownBy(() -> HotClient.builder().cluster(List.of("a:7000", "b:70000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port 70000 is outside 1-65535");
    assertThatThrownBy(() -> HotClient.builder().cluster(List.of("b:x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port 'x' in 'b:x' is not a number");
    assertThatThrownBy(() -> HotClient.builder().cluster(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cluster seeds must name at least one host");
  }

  @Test
  void sentinel_seedsWithoutPort_useSentinelDefaultPort() {
    HotClientBuilder builder = HotClient.builder().sentinel(List.of("s1", "s2:5000"), "m");

    assertThat(builder.topology).isEqualTo(HotClientBuilder.Topology.SENTINEL);
    assertThat(builder.endpoints)
        .containsExactly(new HostAndPort("s1", 26379), new HostAndPort("s2", 5000));
    assertThat(builder.masterName).isEqualTo("m");
    assertThat(builder.describe()).isEqualTo("master 'm' via sentinels s1:26379,s2:5000");
  }

  @Test
  void endpoint_afterSentinel_switchesBackToStandalone() {
    HotClientBuilder builder =
        HotClient.builder().sentinel(List.of("s1"), "m").endpoint("::1", 6400);

    assertThat(builder.topology).isEqualTo(HotClientBuilder.Topology.STANDALONE);
    assertThat(builder.masterName).isNull();
    assertThat(builder.describe()).isEqualTo("[::1]:6400");
  }
}
