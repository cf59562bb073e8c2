package io.inetkit.provider.http.h1;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Limits;
import io.inetkit.spi.CallEvents;
import io.inetkit.spi.TransportErrors;
import io.inetkit.spi.StatusPublisher;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A Jazzer fuzz test of the HTTP/1.1 engine's response reading: the head ({@link H1ResponseParser},
 * interim responses, header sections through {@link H1Section}) and then the body's framing
 * ({@link H1BodyStream}: Content-Length, chunked with trailers, or to the end of the stream), on
 * the bytes of one connection. Whatever the bytes, reading returns a head and a body within the
 * {@link Limits}, or throws {@link InternetException} (or, from the head, the
 * {@link EOFException} of a line cut short, which the exchange reports as
 * {@code CONNECTION_ABORTED}); anything else is a finding. In every build this replays the inputs
 * under {@code src/test/resources/io/inetkit/provider/http/h1/H1ResponseParserFuzzTestInputs};
 * with {@code -Pfuzz} it fuzzes, for 5 minutes unless {@code -Djazzer.max_duration} says otherwise.
 *
 * <p>The input's first byte chooses the request: odd for HEAD (a head without a body), even for
 * GET. The rest is what the server sent.
 */
class H1ResponseParserFuzzTest {

    /** Small limits, so that the fuzzer reaches every limit with small inputs. */
    static final Limits LIMITS = Limits.newBuilder().maxLineBytes(256).maxHeaderBytes(1024).maxHeaderCount(16)
            .maxInterimResponses(3).build();
    static final int READ_TIMEOUT_MILLIS = 60_000;

    static final StatusPublisher SILENT = new StatusPublisher() {
        @Override
        public void publish(InternetStatus status, Object info) {
        }

        @Override
        public boolean isEnabled() {
            return false;
        }
    };

    @FuzzTest(maxDuration = "30s")
    void responses(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        boolean head = (input[0] & 1) == 1;
        byte[] server = Arrays.copyOfRange(input, 1, input.length);
        H1Pool pool = new H1Pool();
        H1Connection connection = new H1Connection(new BytesSocket(server), new BytesSocket(new byte[0]), "fuzz",
                READ_TIMEOUT_MILLIS, null);
        pool.opened(connection);
        try (pool) {
            H1Head parsed;
            try {
                parsed = H1ResponseParser.read(connection.in(), head, "fuzz", SILENT, LIMITS);
            } catch (InternetException | EOFException expected) {
                return; // a clear refusal, or a line cut short by the end of the stream
            }
            if (parsed == null) {
                return; // nothing at all: a kept-alive connection the server closed
            }
            checkHead(parsed, head);
            long received = 0;
            try (H1BodyStream body = new H1BodyStream(connection, pool, parsed,
                    new TransportErrors("fuzz", java.time.Duration.ofMillis(READ_TIMEOUT_MILLIS),
                            java.time.Duration.ofMillis(READ_TIMEOUT_MILLIS)), "GET /", SILENT, CallEvents.none(), LIMITS)) {
                byte[] buffer = new byte[333];
                int n;
                while ((n = body.read(buffer, 0, buffer.length)) >= 0) {
                    received += n;
                }
            } catch (InternetException expected) {
                return; // a body cut short, a bad chunk size, trailers past a limit
            }
            if (parsed.framing() == H1Head.Framing.LENGTH && received != parsed.length()) {
                throw new AssertionError("a body of " + received + " bytes where Content-Length said "
                        + parsed.length());
            }
            if (parsed.framing() == H1Head.Framing.NONE && received != 0) {
                throw new AssertionError("a body of " + received + " bytes where there is none");
            }
        }
    }

    private static void checkHead(H1Head parsed, boolean head) {
        if (parsed.status() < 200 || parsed.status() > 999) {
            throw new AssertionError("an interim or impossible status as the final one: " + parsed.status());
        }
        int fields = 0;
        long bytes = parsed.reason().length();
        for (Map.Entry<String, List<String>> field : parsed.headers().map().entrySet()) {
            for (String value : field.getValue()) {
                fields++;
                bytes += field.getKey().length() + value.length();
            }
        }
        if (fields > LIMITS.maxHeaderCount() || bytes > LIMITS.maxHeaderBytes()) {
            throw new AssertionError(fields + " fields of " + bytes + " bytes passed the limits " + LIMITS);
        }
        if (head && parsed.framing() != H1Head.Framing.NONE) {
            throw new AssertionError("a body framed for a HEAD request: " + parsed.framing());
        }
        if (parsed.framing() == H1Head.Framing.LENGTH && parsed.length() <= 0) {
            throw new AssertionError("a Content-Length framing of " + parsed.length() + " bytes");
        }
    }

    /** A socket that reads the given bytes and then the end of the stream; writes go nowhere. */
    static final class BytesSocket extends Socket {
        private final InputStream in;
        private boolean closed;

        BytesSocket(byte[] bytes) {
            this.in = new ByteArrayInputStream(bytes);
        }

        @Override
        public InputStream getInputStream() {
            return in;
        }

        @Override
        public OutputStream getOutputStream() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public void setSoTimeout(int timeout) {
            // Reads never wait.
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
