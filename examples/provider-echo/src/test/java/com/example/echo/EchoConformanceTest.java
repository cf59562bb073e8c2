package com.example.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.echo.internal.EchoProvider;
import io.inetkit.testkit.conformance.ProviderConformance;
import io.inetkit.testkit.conformance.ProviderIdentity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The Echo provider keeps the contract every inetkit provider keeps: the conformance kit's checks. */
class EchoConformanceTest extends ProviderConformance<EchoSession> {

    private EchoServer server;

    @BeforeEach
    void start() throws IOException {
        server = new EchoServer(false);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Override
    protected ProviderIdentity<EchoSession> identity() {
        return ProviderIdentity.of(EchoProvider.class, EchoSession.SERVICE, EchoSession.DEFAULT_PORT, "echo");
    }

    @Override
    protected InetSocketAddress server() {
        return new InetSocketAddress("127.0.0.1", server.port());
    }

    @Override
    protected void operate(EchoSession session) throws IOException {
        assertEquals("conformance", session.echo("conformance"));
    }

    @Override
    protected boolean send(EchoSession session, byte[] bytes) throws IOException {
        session.echo(new String(bytes, StandardCharsets.ISO_8859_1));
        return true;
    }
}
