package io.inetkit.cli.launch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.Internet;
import io.inetkit.SegmentedDownload;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The training run's server answers as the HTTP/1.1 engine expects, so that the run trains a success. */
@Timeout(30)
class TrainingServerTest {

    @TempDir
    Path dir;

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

    @Test
    void theSegmentsFileIsReadInTwoSegmentsByRange() throws Exception {
        Path target = dir.resolve("segments.bin");
        try (TrainingServer server = TrainingServer.start(); Internet internet = Internet.create()) {
            SegmentedDownload.Result result = SegmentedDownload.newBuilder().segments(2).build()
                    .download(internet, URI.create(server.segmentsUrl()), target);
            assertTrue(result.ranged(), "read by ranges");
            assertEquals(2, result.connections());
        }
        byte[] got = Files.readAllBytes(target);
        assertEquals(TrainingServer.SEGMENTS_LENGTH, got.length);
        for (int i = 0; i < got.length; i++) {
            if (got[i] != TrainingServer.segmentsByte(i)) {
                throw new AssertionError("byte " + i + " is " + got[i] + ", not " + TrainingServer.segmentsByte(i));
            }
        }
    }
}
