package io.inetkit.cli.launch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.inetkit.Internet;
import java.io.InputStream;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The training run's server answers as the HTTP/1.1 engine expects, so that the run trains a success. */
@Timeout(30)
class TrainingServerTest {

    @Test
    void everyRequestGetsTheDocumentOverKeptAliveAndNewConnections() throws Exception {
        try (TrainingServer server = TrainingServer.start(); Internet internet = Internet.create()) {
            for (int i = 0; i < 3; i++) {
                try (InputStream body = internet.openUrl(URI.create(server.url()))) {
                    assertArrayEquals(TrainingServer.DOCUMENT, body.readAllBytes());
                }
            }
        }
    }
}
