package org.hotredis.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.hotredis.HotClient;
import org.hotredis.HotRedis;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.SingleServerTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** TLS through a Spring Boot SSL bundle, against a redis-server with a self-signed certificate. */
@SingleServerTest
final class SslBundleTest {
  @TempDir static Path certificates;
  private static RedisServer server;
  private static int tlsPort;

  @BeforeAll
  static void startTlsServer() throws Exception {
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "key.pem",
                "-out",
                "cert.pem",
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost")
            .directory(certificates.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(openssl.exitValue()).as("openssl output: %s", output).isZero();
    try (ServerSocket socket = new ServerSocket(0)) {
      tlsPort = socket.getLocalPort();
    }
    server =
        RedisServer.builder()
            .arg("tls-port", Integer.toString(tlsPort))
            .arg("tls-cert-file", certificates.resolve("cert.pem").toString())
            .arg("tls-key-file", certificates.resolve("key.pem").toString())
            .arg("tls-ca-cert-file", certificates.resolve("cert.pem").toString())
            .arg("tls-auth-clients", "no")
            .start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void forgetTheDefault() {
    HotRedis.reset();
  }

  private static ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(SslAutoConfiguration.class, HotRedisAutoConfiguration.class))
        .withPropertyValues(
            "hotredis.uri=redis://127.0.0.1:" + tlsPort,
            "hotredis.socket-timeout=1s",
            "spring.ssl.bundle.pem.redis.truststore.certificate=file:"
                + certificates.resolve("cert.pem"));
  }

  @Test
  void hotClient_sslBundle_connectsOverTlsCheckingTheHostName() {
    runner()
        .withPropertyValues("hotredis.ssl.bundle=redis")
        .run(
            context -> {
              HotClient client = context.getBean(HotClient.class);
              assertThat(client.ping()).isPositive();
            });
  }

  @Test
  void hotClient_noBundle_failsAgainstTheTlsPort() {
    runner().run(context -> assertThat(context).hasFailed());
  }

  @Test
  void hotClient_unknownBundle_failsNamingIt() {
    runner()
        .withPropertyValues("hotredis.ssl.bundle=nope")
        .run(
            context -> assertThat(context).getFailure().rootCause().hasMessageContaining("'nope'"));
  }
}
