package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetStatus;
import io.inetkit.Limits;
import io.inetkit.Service;
import io.inetkit.StatusEvent;
import io.inetkit.http.Cookie;
import io.inetkit.http.CookieJar;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.HttpVersion;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.http.RecordedRequest;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The cookie stage against the in-process server, on both engines. */
class CookiesTest {

    @StartStop final TestHttpServer server = TestHttpServer.create();

    final List<StatusEvent> events = new CopyOnWriteArrayList<>();
    Internet internet = internet(Internet.newBuilder());

    Internet internet(Internet.Builder builder) {
        return builder.readTimeout(Duration.ofSeconds(5)).statusListener(events::add).build();
    }

    @AfterEach
    void closeInternet() {
        internet.close();
    }

    HttpSession connect(String host, ConnectFlag... flags) throws Exception {
        return internet.connect(ConnectRequest.newBuilder(Service.HTTP, host).port(server.port()).flags(flags).build());
    }

    static void get(HttpSession http, String target, HttpVersion version) throws Exception {
        try (HttpResponse response = http.send(HttpRequest.newBuilder(target).version(version).build());
             InputStream in = response.body()) {
            in.readAllBytes();
        }
    }

    static String text(HttpResponse response) throws IOException {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    Optional<String> cookieOf(RecordedRequest request) {
        return request.header("Cookie");
    }

    @ParameterizedTest
    @EnumSource(HttpVersion.class)
    void aResponseSetsACookieAndTheNextRequestSendsIt(HttpVersion version) throws Exception {
        server.enqueue(TestResponse.newBuilder().header("Set-Cookie", "SID=abc; Path=/; HttpOnly")
                .header("Set-Cookie", "lang=en").body("x").build());
        server.enqueue(TestResponse.ok("y"));
        try (HttpSession http = connect("127.0.0.1")) {
            get(http, "/", version);
            get(http, "/page", version);
        }
        assertEquals(Optional.empty(), cookieOf(server.takeRequest()));
        // Once, in one field: java.net.http keeps no cookies of its own.
        assertEquals(List.of("SID=abc; lang=en"), server.takeRequest().headers().get("Cookie"));
    }

    @ParameterizedTest
    @EnumSource(HttpVersion.class)
    void eachRedirectHopStoresWhatItSetsAndSendsWhatItsOwnUriMatches(HttpVersion version) throws Exception {
        server.enqueue(TestResponse.newBuilder().status(302).header("Location", "/app/home")
                .header("Set-Cookie", "session=s1; Path=/").header("Set-Cookie", "login=l1").build());
        server.enqueue(TestResponse.ok("home"));
        try (HttpSession http = connect("127.0.0.1")) {
            get(http, "/login/form", version);
        }
        assertEquals(Optional.empty(), cookieOf(server.takeRequest()));
        // login= has the default path /login: not for /app/home.
        assertEquals(Optional.of("session=s1"), cookieOf(server.takeRequest()));
    }

    @Test
    void aRedirectToAnotherHostNameSendsThatHostsCookiesOnly() throws Exception {
        server.enqueue(TestResponse.newBuilder().header("Set-Cookie", "ip=1").body("").build());
        server.enqueue(TestResponse.newBuilder().status(302).header("Location", server.url("/there").toString())
                .header("Set-Cookie", "named=2").build());
        server.enqueue(TestResponse.ok("there"));
        server.enqueue(TestResponse.ok("back"));
        try (HttpSession atIp = connect("127.0.0.1"); HttpSession named = connect("localhost")) {
            get(atIp, "/", HttpVersion.HTTP_1_1);
            get(named, "/start", HttpVersion.HTTP_1_1); // localhost -> 127.0.0.1
            get(named, "/again", HttpVersion.HTTP_1_1);
        }
        server.takeRequest();
        assertEquals(Optional.empty(), cookieOf(server.takeRequest()), "nothing of 127.0.0.1's to localhost");
        assertEquals(Optional.of("ip=1"), cookieOf(server.takeRequest()), "127.0.0.1's own, not localhost's");
        assertEquals(Optional.of("named=2"), cookieOf(server.takeRequest()));
    }

    @Test
    void theRequestsOwnCookieFieldComesFirstInTheSameField() throws Exception {
        server.enqueue(TestResponse.newBuilder().header("Set-Cookie", "jar=1").body("").build());
        server.enqueue(TestResponse.ok(""));
        try (HttpSession http = connect("127.0.0.1")) {
            get(http, "/", HttpVersion.HTTP_1_1);
            http.send(HttpRequest.newBuilder("/").header("Cookie", "own=0").build()).close();
        }
        server.takeRequest();
        assertEquals(List.of("own=0; jar=1"), server.takeRequest().headers().get("Cookie"));
    }

    @Test
    void statusEventsCountCookiesSentAndFieldsReceived() throws Exception {
        server.enqueue(TestResponse.newBuilder().header("Set-Cookie", "a=1").header("Set-Cookie", "b=2")
                .header("Set-Cookie", "bad\u0001=x").body("").build());
        server.enqueue(TestResponse.ok(""));
        try (HttpSession http = connect("127.0.0.1")) {
            get(http, "/", HttpVersion.HTTP_1_1);
            get(http, "/", HttpVersion.HTTP_1_1);
        }
        assertEquals(List.of(3), info(InternetStatus.COOKIE_RECEIVED));
        assertEquals(List.of(2), info(InternetStatus.COOKIE_SENT));
    }

    List<Object> info(InternetStatus status) {
        return events.stream().filter(e -> e.status() == status).map(e -> e.info().orElseThrow()).toList();
    }

    @Test
    void theFlagNoCookiesNeitherSendsNorKeeps() throws Exception {
        server.enqueue(TestResponse.newBuilder().header("Set-Cookie", "a=1").body("").build());
        server.enqueue(TestResponse.newBuilder().header("Set-Cookie", "b=2").body("").build());
        server.enqueue(TestResponse.ok(""));
        try (HttpSession plain = connect("127.0.0.1"); HttpSession none = connect("127.0.0.1", ConnectFlag.NO_COOKIES)) {
            get(plain, "/", HttpVersion.HTTP_1_1);
            get(none, "/", HttpVersion.HTTP_1_1);
            get(plain, "/", HttpVersion.HTTP_1_1);
            assertSame(CookieJar.none(), none.cookies());
            assertEquals(List.of("a"), plain.cookies().all().stream().map(Cookie::name).toList());
        }
        server.takeRequest();
        assertEquals(Optional.empty(), cookieOf(server.takeRequest()));
        assertEquals(Optional.of("a=1"), cookieOf(server.takeRequest()));
        // The session with NO_COOKIES takes no notice of what its response set.
        assertEquals(List.of(1), info(InternetStatus.COOKIE_RECEIVED));
    }

    @Test
    void theStoreIsTheInternetsSharedByItsSessions() throws Exception {
        try (HttpSession one = connect("127.0.0.1"); HttpSession two = connect("localhost")) {
            assertSame(one.cookies(), two.cookies());
        }
        try (Internet other = Internet.create(); HttpSession three = other.connect(Service.HTTP, "127.0.0.1")) {
            try (HttpSession one = connect("127.0.0.1")) {
                assertNotSame(one.cookies(), three.cookies());
            }
        }
    }

    @Test
    void cookieJarNoneKeepsNothing() throws Exception {
        internet.close();
        internet = internet(Internet.newBuilder().cookieJar(CookieJar.none()));
        server.enqueue(TestResponse.newBuilder().header("Set-Cookie", "a=1").body("").build());
        server.enqueue(TestResponse.ok(""));
        try (HttpSession http = connect("127.0.0.1")) {
            get(http, "/", HttpVersion.HTTP_1_1);
            get(http, "/", HttpVersion.HTTP_1_1);
        }
        server.takeRequest();
        assertEquals(Optional.empty(), cookieOf(server.takeRequest()));
    }

    @Test
    void theJdksCookieManagerThroughTheBridge() throws Exception {
        CookieManager manager = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        internet.close();
        internet = internet(Internet.newBuilder().cookieJar(CookieJar.from(manager)));
        server.enqueue(TestResponse.newBuilder().header("Set-Cookie", "a=1; Path=/").body("").build());
        server.enqueue(TestResponse.ok(""));
        try (HttpSession http = connect("127.0.0.1")) {
            get(http, "/", HttpVersion.HTTP_1_1);
            assertEquals(List.of("a=1"), manager.getCookieStore().getCookies().stream().map(Object::toString).toList());
            get(http, "/", HttpVersion.HTTP_1_1);
            http.cookies().add(Cookie.of("added", "2", "127.0.0.1"));
            assertEquals(List.of("a", "added"), http.cookies().all().stream().map(Cookie::name).sorted().toList());
        }
        server.takeRequest();
        assertEquals(Optional.of("a=1"), cookieOf(server.takeRequest()));
    }

    @Test
    void aHandlerThatFailsFailsTheCallAndTheSessionGoesOn() throws Exception {
        CookieHandler broken = new CookieHandler() {
            @Override
            public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
                return Map.of();
            }

            @Override
            public void put(URI uri, Map<String, List<String>> headers) throws IOException {
                throw new IOException("disk full");
            }
        };
        internet.close();
        internet = internet(Internet.newBuilder().cookieJar(CookieJar.from(broken)));
        server.enqueue(TestResponse.newBuilder().header("Set-Cookie", "a=1").body("body").build());
        server.enqueue(TestResponse.ok("next"));
        try (HttpSession http = connect("127.0.0.1")) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> get(http, "/", HttpVersion.HTTP_1_1));
            assertEquals("disk full", e.getCause().getMessage());
            try (HttpResponse next = http.send(HttpRequest.get("/next"))) {
                assertEquals("next", text(next));
            }
        }
    }

    @Test
    void theSetCookieFieldsOfOneResponseAreBounded() throws Exception {
        internet.close();
        internet = internet(Internet.newBuilder().limits(Limits.newBuilder().maxSetCookies(2).build()));
        server.enqueue(TestResponse.newBuilder().header("Set-Cookie", "a=1").header("Set-Cookie", "b=2")
                .header("Set-Cookie", "c=3").body("").build());
        try (HttpSession http = connect("127.0.0.1")) {
            get(http, "/", HttpVersion.HTTP_1_1);
            assertEquals(List.of("a", "b"), http.cookies().all().stream().map(Cookie::name).toList());
        }
    }

    @Test
    void internetSetCookieAndGetCookieOnTheStore() throws Exception {
        server.enqueue(TestResponse.ok(""));
        try (HttpSession http = connect("127.0.0.1")) {
            URI site = URI.create("http://127.0.0.1/");
            http.cookies().save(site, List.of("pref=dark; Max-Age=60"));
            assertEquals(List.of("pref=dark"), http.cookies().load(site).stream().map(Cookie::pair).toList());
            get(http, "/", HttpVersion.HTTP_1_1);
        }
        assertEquals(Optional.of("pref=dark"), cookieOf(server.takeRequest()));
    }
}
