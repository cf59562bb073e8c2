package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.Internet;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.FtpUrl;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The size the progress line of {@code get} expects: HTTP's Content-Length, FTP's SIZE. */
class ExpectedSizeTest {

    private static final long SECOND = 1_000_000_000L;
    private static final String BODY = "x".repeat(10_000);

    @StartStop final TestHttpServer http = TestHttpServer.newBuilder().dispatcher(request -> switch (request.path()) {
        case "/gzip" -> TestResponse.newBuilder().header("Content-Encoding", "gzip").body(gzip(BODY)).build();
        case "/chunked" -> TestResponse.newBuilder().body(BODY).chunked().build();
        default -> TestResponse.ok(BODY);
    }).build();

    @StartStop final TestFtpServer ftp = TestFtpServer.create();

    private final Internet internet = Internet.newBuilder().registry(Providers.registry()).build();

    @AfterEach
    void close() {
        internet.close();
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private long http(String path, boolean decoding) throws Exception {
        try (HttpSession session = (HttpSession) internet.connectUrl(
                URI.create("http://127.0.0.1:" + http.address().getPort() + "/"));
             HttpResponse response = session.send(HttpRequest.newBuilder(path).contentDecoding(decoding).build())) {
            return ExpectedSize.http(response);
        }
    }

    @Test
    void httpTakesTheContentLengthOfTheBytesWritten() throws Exception {
        assertEquals(BODY.length(), http("/plain", true));
        assertEquals(ExpectedSize.UNKNOWN, http("/gzip", true), "decoded: the length is not of these bytes");
        assertEquals(gzip(BODY).length, http("/gzip", false), "as sent (--raw): it is");
        assertEquals(ExpectedSize.UNKNOWN, http("/chunked", true));
    }

    @Test
    void ftpTakesSizeInBinaryOnly() throws Exception {
        Files.writeString(ftp.root().resolve("f.txt"), BODY);
        try (FtpSession session = (FtpSession) internet.connectUrl(ftp.url())) {
            assertEquals(BODY.length(), ExpectedSize.ftp(session, FtpUrl.of(URI.create("ftp://h/f.txt"))));
            assertEquals(ExpectedSize.UNKNOWN, ExpectedSize.ftp(session, FtpUrl.of(URI.create("ftp://h/f.txt;type=a"))));
            assertEquals(ExpectedSize.UNKNOWN, ExpectedSize.ftp(session, FtpUrl.of(URI.create("ftp://h/none"))));
            assertEquals(ExpectedSize.UNKNOWN, ExpectedSize.ftp(session, FtpUrl.of(URI.create("ftp://h/dir/"))));
        }
    }

    @Test
    void theLineOfADownloadOfKnownSizeIsABar() throws Exception {
        StringWriter shown = new StringWriter();
        AtomicLong now = new AtomicLong();
        Progress progress = new Progress(new PrintWriter(shown), true, now::get).expect(http("/plain", true));
        progress.add(2500);
        now.set(SECOND);
        progress.add(2500);
        assertTrue(shown.toString().startsWith("\r 50% [############            ] 5.00 kB of 10.0 kB"),
                shown.toString());
    }
}
