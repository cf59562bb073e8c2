package com.example.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** URL dispatch by scheme to a third-party provider: Internet.openUrl and java.net.URL. */
class EchoUrlTest {

    private EchoServer server;

    @BeforeEach
    void start() throws Exception {
        server = new EchoServer(false);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void openUrlPicksTheProviderByScheme() throws Exception {
        try (Internet internet = Internet.create();
             InputStream in = internet.openUrl(URI.create("echo://127.0.0.1:" + server.port() + "/hello"))) {
            assertEquals("hello", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(1, server.accepted());
    }

    @Test
    void closingTheStreamClosesItsSession() throws Exception {
        try (Internet internet = Internet.create()) {
            internet.openUrl(URI.create("echo://127.0.0.1:" + server.port() + "/x")).close();
            // The session is gone, the Internet still works for the next URL.
            try (InputStream in = internet.openUrl(URI.create("echo://127.0.0.1:" + server.port() + "/y"))) {
                assertEquals("y", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aProviderRefusesAUrlItCannotRead() throws Exception {
        try (Internet internet = Internet.create()) {
            InternetException e = assertThrows(InternetException.class,
                    () -> internet.openUrl(URI.create("echo://127.0.0.1:" + server.port() + "/")));
            assertEquals(InternetError.INVALID_URL, e.error());
        }
    }

    @Test
    void javaNetUrlOpensTheSchemeThroughTheProvider() throws Exception {
        URL url = new URL("echo://127.0.0.1:" + server.port() + "/via-url");
        try (InputStream in = url.openStream()) {
            assertEquals("via-url", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
