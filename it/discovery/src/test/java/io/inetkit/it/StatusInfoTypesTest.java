package io.inetkit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetStatus;
import io.inetkit.Service;
import io.inetkit.StatusEvent;
import io.inetkit.ftp.FtpSession;
import io.inetkit.gopher.GopherItemType;
import io.inetkit.gopher.GopherSession;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.HttpVersion;
import io.inetkit.http.RequestBody;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.gopher.TestGopherServer;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every status event of every provider carries info of the type its status declares
 * ({@link InternetStatus#infoType()}): real operations of FTP, HTTP on the HTTP/1.1 engine and on
 * java.net.http (HTTP/2 asked for), and Gopher, against the testkit's servers. A status that has
 * info in every provider must have it in each event: a dropped info (the dispatcher drops one of
 * the wrong type) shows as a missing one.
 */
class StatusInfoTypesTest {

    /** The statuses whose events always carry info, in every provider that publishes them. */
    private static final Set<InternetStatus> ALWAYS = EnumSet.of(InternetStatus.RESOLVING_NAME,
            InternetStatus.NAME_RESOLVED, InternetStatus.CONNECTING_TO_SERVER, InternetStatus.CONNECTED_TO_SERVER,
            InternetStatus.REQUEST_SENT, InternetStatus.RESPONSE_RECEIVED, InternetStatus.CTL_RESPONSE_RECEIVED,
            InternetStatus.HANDLE_CREATED, InternetStatus.HANDLE_CLOSING, InternetStatus.REQUEST_COMPLETE,
            InternetStatus.REDIRECT, InternetStatus.TLS_HANDSHAKE_COMPLETE);

    private final List<StatusEvent> events = new CopyOnWriteArrayList<>();

    @TempDir
    Path local;

    private Internet internet() {
        return Internet.newBuilder().statusListener(events::add)
                .sslContext(TestCertificate.localhost().clientContext()).build();
    }

    @Test
    void ftp() throws Exception {
        try (TestFtpServer server = TestFtpServer.newBuilder().user("alice", "secret").build()) {
            server.start();
            Files.writeString(server.root().resolve("a.txt"), "hello");
            try (Internet internet = internet();
                 FtpSession ftp = internet.connect(ConnectRequest.newBuilder(Service.FTP, server.host())
                         .port(server.port()).user("alice").password("secret").flags(ConnectFlag.PASSIVE).build())) {
                ftp.get("a.txt", local.resolve("a.txt"));
                ftp.put(local.resolve("a.txt"), "b.txt");
                ftp.list("/");
                ftp.async(() -> ftp.pwd()).get(30, TimeUnit.SECONDS);
            }
        }
        check(Set.of(InternetStatus.CTL_RESPONSE_RECEIVED, InternetStatus.REQUEST_SENT,
                InternetStatus.RESPONSE_RECEIVED, InternetStatus.REQUEST_COMPLETE));
    }

    @Test
    void httpOnBothEngines() throws Exception {
        try (TestHttpServer server = TestHttpServer.newBuilder().https().build()) {
            server.start();
            server.enqueue(TestResponse.redirect(302, "/b"));
            server.enqueue(TestResponse.ok("one"));
            server.enqueue(TestResponse.ok("two"));
            server.enqueue(TestResponse.ok("three"));
            try (Internet internet = internet();
                 HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, server.host())
                         .port(server.port()).flags(ConnectFlag.SECURE).build())) {
                read(http.send(HttpRequest.get("/a")));
                read(http.send(HttpRequest.newBuilder("/c").method("POST").body(RequestBody.of("x".getBytes(
                        StandardCharsets.US_ASCII))).build()));
                read(http.send(HttpRequest.newBuilder("/d").version(HttpVersion.HTTP_2).build()));
            }
        }
        check(Set.of(InternetStatus.REDIRECT, InternetStatus.TLS_HANDSHAKE_COMPLETE, InternetStatus.REQUEST_SENT,
                InternetStatus.RESPONSE_RECEIVED));
    }

    @Test
    void gopher() throws Exception {
        Files.writeString(local.resolve("about.txt"), "about\n");
        try (TestGopherServer server = TestGopherServer.newBuilder().root(local).build()) {
            server.start();
            try (Internet internet = internet();
                 GopherSession gopher = internet.connect(ConnectRequest.newBuilder(Service.GOPHER, server.host())
                         .port(server.port()).build())) {
                gopher.menu("");
                try (InputStream in = gopher.open("/about.txt", GopherItemType.TEXT_FILE)) {
                    in.readAllBytes();
                }
            }
        }
        check(Set.of(InternetStatus.REQUEST_SENT, InternetStatus.RESPONSE_RECEIVED));
    }

    private static void read(HttpResponse response) throws Exception {
        try (response) {
            response.body().readAllBytes();
        }
    }

    /** Every event's info is of its status's type, and the statuses that always have one have it. */
    private void check(Set<InternetStatus> expected) {
        List<String> wrong = events.stream().filter(e -> !e.status().accepts(e.info().orElse(null))
                        || ALWAYS.contains(e.status()) && e.info().isEmpty())
                .map(StatusEvent::toString).collect(Collectors.toList());
        assertEquals(List.of(), wrong, "events without the info their status declares");
        Set<InternetStatus> seen = events.stream().map(StatusEvent::status).collect(Collectors.toSet());
        assertTrue(seen.containsAll(expected), "seen " + seen + ", expected at least " + expected);
        for (StatusEvent e : events) {
            if (e.status().infoType() == Long.class) {
                assertTrue(e.info(Long.class).isPresent(), () -> "a byte count: " + e);
            }
        }
    }
}
