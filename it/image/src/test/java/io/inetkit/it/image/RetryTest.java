package io.inetkit.it.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The image's {@code --retry} options, as curl's: against a closed port, {@code --retry 2} alone
 * tries once (a refused connection is not transient without {@code --retry-connrefused}), with
 * {@code --retry-connrefused} it tries three times; both end with curl's exit status 7. The tries
 * are counted from {@code -v}'s connecting events. The same for {@code http://}, {@code ftp://} and
 * {@code gopher://}.
 */
class RetryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static long connects(ImageRun.Finished run) {
        return run.stderrText().lines().filter(line -> line.startsWith("* CONNECTING_TO_SERVER")).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "ftp", "gopher"})
    void retryWithConnrefusedTriesThreeTimesAgainstAClosedPortThenExits7(String scheme) throws IOException {
        String url = scheme + "://127.0.0.1:" + closedPort() + "/x";
        ImageRun.Finished get = ImageRun.of("get", "-v", "--retry", "2", "--retry-connrefused", "--retry-delay", "1",
                url).run(TIMEOUT);
        assertEquals(7, get.status(), get.describe());
        assertEquals(3, connects(get), get.describe());
        assertTrue(get.stderrText().contains("3 tries"), get.describe());
        // Two waits of --retry-delay 1.
        assertTrue(get.elapsed().compareTo(Duration.ofSeconds(2)) >= 0, get.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "ftp", "gopher"})
    void retryAloneDoesNotRetryARefusedConnection(String scheme) throws IOException {
        String url = scheme + "://127.0.0.1:" + closedPort() + "/x";
        ImageRun.Finished get = ImageRun.of("get", "-v", "--retry", "2", url).run(TIMEOUT);
        assertEquals(7, get.status(), get.describe());
        assertEquals(1, connects(get), get.describe());
    }

    @Test
    void aNegativeRetryIsAUsageError() {
        ImageRun.Finished get = ImageRun.of("get", "--retry", "-1", "http://127.0.0.1:1/x").run(TIMEOUT);
        assertEquals(2, get.status(), get.describe());
        assertTrue(get.stderrText().contains("--retry must be from 0 to 100"), get.describe());
    }
}
