package org.hotredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.hotredis.testing.SingleServerTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS through the client configuration, against a redis-server with a self-signed certificate. */
@RedisTest
@SingleServerTest
final class TlsTest {
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
    String output =
        new String(
            openssl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
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

  private static SSLContext trusting(Path certificate) throws Exception {
    KeyStore trustStore = KeyStore.getInstance("PKCS12");
    trustStore.load(null, null);
    try (InputStream in = Files.newInputStream(certificate)) {
      trustStore.setCertificateEntry(
          "redis", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trustStore);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  @Test
  void tls_trustedCertificateWithHostnameCheck_connects() throws Exception {
    SSLParameters parameters = new SSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    try (HotClient client =
        HotClient.builder()
            .endpoint("127.0.0.1", tlsPort)
            .tls(trusting(certificates.resolve("cert.pem")).getSocketFactory(), parameters, null)
            .build()) {
      TestCounter counter = new TestCounter(client, "tls-counter");
      counter.set(12);
      assertThat(counter.addAndGet(30)).isEqualTo(42);
      assertThat(server.execute("GET", "tls-counter")).isEqualTo("42");
    }
  }

  @Test
  @Timeout(30)
  void tls_untrustedCertificate_failsNamingTheEndpoint() {
    assertThatThrownBy(() -> HotClient.create("rediss://127.0.0.1:" + tlsPort))
        .isInstanceOf(HotConnectionException.class)
        .hasMessageContaining("127.0.0.1:" + tlsPort);
  }

  @Test
  @Timeout(30)
  void plaintext_againstTlsPort_failsInsteadOfHanging() {
    assertThatThrownBy(
            () ->
                HotClient.builder()
                    .uri("redis://127.0.0.1:" + tlsPort)
                    .socketTimeout(Duration.ofSeconds(1))
                    .build())
        .isInstanceOf(HotConnectionException.class)
        .hasMessageContaining("127.0.0.1:" + tlsPort);
  }

  @Test
  void plainPort_stillServesWithoutTls() throws IOException {
    try (HotClient client = HotClient.create(server.uri())) {
      assertThat(client.ping()).isPositive();
    }
  }
}
