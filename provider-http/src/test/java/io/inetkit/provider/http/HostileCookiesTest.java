package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.Service;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.script.HostileHttpServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A server that sets cookies to hurt, byte for byte: every malformed or oversized field is ignored
 * without an error, no more than {@code Limits.maxSetCookies} fields are taken, and what is kept
 * goes back exactly as it came, raw bytes included.
 */
class HostileCookiesTest {

    /** The fields of the first answer, in order. */
    static byte[] setCookies() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes("Set-Cookie: ok=1\r\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {'S', 'e', 't', '-', 'C', 'o', 'o', 'k', 'i', 'e', ':', ' ', 'r', 'a', 'w', '=',
            (byte) 0xc3, (byte) 0xa9, (byte) 0xff, '\r', '\n'});
        out.writeBytes(("Set-Cookie: big=" + "x".repeat(5000) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes("Set-Cookie: wide=1; Domain=com\r\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes("Set-Cookie: \r\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes("Set-Cookie: ;;;=;\r\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes("Set-Cookie: other=1; Domain=example.org\r\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 60; i++) {
            out.writeBytes(("Set-Cookie: f" + i + "=" + i + "; Expires=garbage; Max-Age=x\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    final List<String> cookieFields = new CopyOnWriteArrayList<>();

    @StartStop final HostileHttpServer server = HostileHttpServer.plain((request, out) -> {
        if (request.isFirst()) {
            out.write(setCookies());
        } else {
            cookieFields.add(request.header("Cookie").orElse("(none)"));
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return true;
    });

    @Test
    void whatIsMalformedIsIgnoredWhatIsKeptIsBoundedAndGoesBackAsItCame() throws Exception {
        try (Internet internet = Internet.newBuilder().readTimeout(Duration.ofSeconds(5)).build();
             HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1")
                     .port(server.port()).build())) {
            try (HttpResponse response = http.send(HttpRequest.get("/"))) {
                assertEquals(200, response.statusCode());
            }
            try (HttpResponse response = http.send(HttpRequest.get("/again"))) {
                assertEquals(200, response.statusCode());
            }
        }
        // 50 fields taken (Limits.maxSetCookies): the first seven, five of them ignored, then f0 to f42.
        String expected = "ok=1; raw=" + new String(new byte[] {(byte) 0xc3, (byte) 0xa9, (byte) 0xff},
                StandardCharsets.ISO_8859_1) + "; " + IntStream.range(0, 43).mapToObj(i -> "f" + i + "=" + i)
                .collect(Collectors.joining("; "));
        assertEquals(List.of(expected), cookieFields);
    }
}
