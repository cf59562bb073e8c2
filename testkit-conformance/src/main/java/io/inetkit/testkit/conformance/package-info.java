/**
 * The provider conformance kit: {@link io.inetkit.testkit.conformance.ProviderConformance}, a JUnit 5
 * test class that a provider's own test extends, checks that the provider keeps the contract of the
 * {@code io.inetkit.spi} package the way inetkit's own providers do: discovery on both paths, the
 * session lifecycle, status events with their context, the same WinINet error for the same network
 * failure, the read and write timeouts and the whole-operation deadline, and the {@code Internet}'s
 * proxy.
 *
 * <p>A complete test, for the Echo provider of {@code examples/provider-echo}. The provider's build
 * needs {@code io.inetkit:inetkit-testkit-conformance} and {@code junit-jupiter} in test scope, and
 * nothing else:
 *
 * <pre>{@code
 * package com.example.echo;
 *
 * import static org.junit.jupiter.api.Assertions.assertEquals;
 *
 * import com.example.echo.internal.EchoProvider;
 * import io.inetkit.testkit.conformance.ProviderConformance;
 * import io.inetkit.testkit.conformance.ProviderIdentity;
 * import java.io.IOException;
 * import java.net.InetSocketAddress;
 * import java.nio.charset.StandardCharsets;
 * import org.junit.jupiter.api.AfterEach;
 * import org.junit.jupiter.api.BeforeEach;
 *
 * class EchoConformanceTest extends ProviderConformance<EchoSession> {
 *
 *     private EchoServer server;   // the test's own RFC 862 server on loopback
 *
 *     @BeforeEach
 *     void start() throws IOException {
 *         server = new EchoServer(false);
 *     }
 *
 *     @AfterEach
 *     void stop() throws IOException {
 *         server.close();
 *     }
 *
 *     @Override
 *     protected ProviderIdentity<EchoSession> identity() {
 *         return ProviderIdentity.of(EchoProvider.class, EchoSession.SERVICE, EchoSession.DEFAULT_PORT, "echo");
 *     }
 *
 *     @Override
 *     protected InetSocketAddress server() {
 *         return new InetSocketAddress("127.0.0.1", server.port());
 *     }
 *
 *     @Override
 *     protected void operate(EchoSession session) throws IOException {
 *         assertEquals("conformance", session.echo("conformance"));
 *     }
 *
 *     @Override
 *     protected boolean send(EchoSession session, byte[] bytes) throws IOException {
 *         session.echo(new String(bytes, StandardCharsets.ISO_8859_1));   // for the write-timeout check
 *         return true;
 *     }
 * }
 * }</pre>
 *
 * <p>It runs eighteen checks; {@link io.inetkit.testkit.conformance.ProviderConformance} says what each
 * proves. A server from testkit fits as well, held by a {@code @StartStop} field:
 * {@code @StartStop final TestGopherServer server = TestGopherServer.serving(dir);}.
 *
 * <p>A provider that logs in or needs flags adds them to the request, and a TLS server's trust to the
 * {@code Internet}, as the FTP provider's test does:
 *
 * <pre>{@code
 * @Override
 * protected ConnectRequest.Builder<FtpSession> configure(ConnectRequest.Builder<FtpSession> request) {
 *     return request.user("alice").password("secret").flags(ConnectFlag.PASSIVE);
 * }
 * }</pre>
 *
 * <p>Null arguments throw {@link java.lang.NullPointerException} unless a method says otherwise;
 * nothing here returns {@code null}.
 */
package io.inetkit.testkit.conformance;
