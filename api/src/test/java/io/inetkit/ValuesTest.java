package io.inetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ftp.FtpReply;
import io.inetkit.gopher.GopherAttributes;
import io.inetkit.gopher.GopherItem;
import io.inetkit.gopher.GopherItemType;
import io.inetkit.http.AuthScheme;
import io.inetkit.http.Authenticator;
import io.inetkit.http.HttpHeaders;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpVersion;
import io.inetkit.http.RequestBody;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The value types of the API: their numbers, their checks, and what their toString hides. */
class ValuesTest {

    @Test
    void winInetServicesKeepTheirNumbers() {
        assertEquals(1, Service.FTP.id());
        assertEquals(2, Service.GOPHER.id());
        assertEquals(3, Service.HTTP.id());
        assertEquals("ftp (1)", Service.FTP.toString());
    }

    @Test
    void thirdPartyServicesCannotTakeWinInetIdsOrBadNames() {
        assertThrows(IllegalArgumentException.class, () -> Service.of(1, "myftp", Session.class));
        assertThrows(IllegalArgumentException.class, () -> Service.of(0, "zero", Session.class));
        assertThrows(IllegalArgumentException.class, () -> Service.of(-5, "neg", Session.class));
        assertThrows(IllegalArgumentException.class, () -> Service.of(100, "Bad Name", Session.class));
        assertThrows(IllegalArgumentException.class, () -> Service.of(100, "", Session.class));
        assertEquals(Service.of(100, "a", Session.class), Service.of(100, "b", Session.class),
                "the id is the identity");
        assertNotEquals(Service.of(100, "a", Session.class), Service.of(101, "a", Session.class));
    }

    @Test
    void portsAreWinInetsDefaults() {
        assertEquals(0, Ports.DEFAULT);
        assertEquals(21, Ports.FTP);
        assertEquals(70, Ports.GOPHER);
        assertEquals(80, Ports.HTTP);
        assertEquals(443, Ports.HTTPS);
        assertEquals(1080, Ports.SOCKS);
    }

    @Test
    void connectFlagsTranslateFromWinInetBits() {
        assertEquals(EnumSet.of(ConnectFlag.PASSIVE, ConnectFlag.EXISTING_CONNECT),
                ConnectFlag.fromWinInet(0x0800_0000 | 0x2000_0000));
        assertEquals(EnumSet.of(ConnectFlag.SECURE, ConnectFlag.INSECURE_SKIP_HOSTNAME_CHECK),
                ConnectFlag.fromWinInet(0x0080_0000 | 0x1000));
        assertTrue(ConnectFlag.fromWinInet(0).isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConnectFlag.fromWinInet(0x8000_0000));
        assertTrue(e.getMessage().contains("0x80000000"), e.getMessage());
        assertTrue(ConnectFlag.START_TLS.winInetFlag().isEmpty());
        assertEquals(0x0020_0000, ConnectFlag.NO_AUTO_REDIRECT.winInetFlag().getAsInt());
    }

    @Test
    void onlyInsecureFlagsWeakenTls() {
        for (ConnectFlag flag : ConnectFlag.values()) {
            assertEquals(flag.name().startsWith("INSECURE_"), flag.weakensTls(), flag.name());
        }
    }

    @Test
    void errorsKeepWinInetsCodesAndNames() {
        assertEquals(12002, InternetError.TIMEOUT.code());
        assertEquals("ERROR_INTERNET_TIMEOUT", InternetError.TIMEOUT.winInetName());
        assertEquals(12110, InternetError.FTP_TRANSFER_IN_PROGRESS.code());
        assertEquals(12111, InternetError.FTP_DROPPED.code());
        assertEquals(12130, InternetError.GOPHER_PROTOCOL_ERROR.code());
        assertEquals(12150, InternetError.HTTP_HEADER_NOT_FOUND.code());
        assertEquals(12157, InternetError.SECURITY_CHANNEL_ERROR.code());
        assertEquals(87, InternetError.INVALID_PARAMETER.code());
        assertEquals(InternetError.NAME_NOT_RESOLVED, InternetError.fromCode(12007).orElseThrow());
        assertTrue(InternetError.fromCode(12035).isEmpty(), "12035 is unassigned");
        assertEquals("ERROR_INTERNET_NAME_NOT_RESOLVED (12007)", InternetError.NAME_NOT_RESOLVED.toString());
    }

    @Test
    void errorCodesAndNamesAreUniqueAndWellFormed() {
        Set<Integer> codes = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (InternetError error : InternetError.values()) {
            assertTrue(codes.add(error.code()), "duplicate code " + error.code());
            assertTrue(names.add(error.winInetName()), "duplicate name " + error.winInetName());
            assertTrue(error.winInetName().startsWith("ERROR_"), error.winInetName());
            assertTrue(error.winInetName().endsWith(error.name()), error.winInetName() + " vs " + error.name());
            assertFalse(error.description().isBlank());
        }
        // Every code of the WinINet range the fact sheet lists: 12001..12062 less the gaps, and the
        // FTP, Gopher and HTTP blocks.
        for (int code : new int[] {12001, 12034, 12036, 12050, 12052, 12057, 12060, 12062, 12110, 12112,
                12130, 12138, 12150, 12175, 12187, 12188, 12190, 12191, 12192}) {
            assertTrue(InternetError.fromCode(code).isPresent(), "missing " + code);
        }
    }

    @Test
    void exceptionCarriesErrorReplyAndCause() {
        Exception cause = new java.net.SocketTimeoutException("Read timed out");
        InternetException e = new InternetException(InternetError.EXTENDED_ERROR, "RETR /x refused by h:21",
                "550 No such file", cause);
        assertEquals(12003, e.code());
        assertEquals("550 No such file", e.serverReply().orElseThrow());
        assertEquals(cause, e.getCause());
        assertTrue(e.toString().contains("ERROR_INTERNET_EXTENDED_ERROR (12003): RETR /x refused"), e.toString());
        assertTrue(new InternetException(InternetError.TIMEOUT, "t").serverReply().isEmpty());
        assertThrows(NullPointerException.class, () -> new InternetException(null, "m"));
    }

    @Test
    void localFileFailuresGetWinInetsFileErrors() {
        Path path = Path.of("/x/y");
        assertEquals(InternetError.FILE_NOT_FOUND, InternetException.localFile("cannot write", path,
                new java.nio.file.NoSuchFileException("/x/y")).error());
        assertEquals(InternetError.ACCESS_DENIED, InternetException.localFile("cannot write", path,
                new java.nio.file.AccessDeniedException("/x/y")).error());
        assertEquals(InternetError.FILE_EXISTS, InternetException.localFile("cannot write", path,
                new java.nio.file.FileAlreadyExistsException("/x/y")).error());
        assertEquals(InternetError.DISK_FULL, InternetException.localFile("cannot write", path,
                new java.io.IOException("No space left on device")).error());
        InternetException other = InternetException.localFile("cannot write", path, new java.io.IOException("odd"));
        assertEquals(InternetError.INTERNAL_ERROR, other.error());
        assertTrue(other.getMessage().startsWith("cannot write /x/y: "), other.getMessage());
    }

    @Test
    void statusesKeepWinInetsNumbers() {
        assertEquals(10, InternetStatus.RESOLVING_NAME.code());
        assertEquals(60, InternetStatus.HANDLE_CREATED.code());
        assertEquals(70, InternetStatus.HANDLE_CLOSING.code());
        assertEquals(100, InternetStatus.REQUEST_COMPLETE.code());
        assertEquals(327, InternetStatus.COOKIE_HISTORY.code());
        assertEquals(InternetStatus.REDIRECT, InternetStatus.fromCode(110).orElseThrow());
        assertEquals("INTERNET_STATUS_NAME_RESOLVED", InternetStatus.NAME_RESOLVED.winInetName());
    }

    @Test
    void passwordsNeverAppearInToString() {
        String secret = "pa55w0rd-xyz";
        ConnectRequest<?> request = ConnectRequest.newBuilder(Service.FTP, "h").user("joe").password(secret).build();
        assertFalse(request.toString().contains(secret), request.toString());
        assertTrue(request.toString().contains("joe@h"), request.toString());
        Credentials credentials = Credentials.of("joe", secret);
        assertFalse(credentials.toString().contains(secret), credentials.toString());
        ProxyConfig proxy = ProxyConfig.http("proxy", 3128).withCredentials("joe", secret);
        assertFalse(proxy.toString().contains(secret), proxy.toString());
        HttpHeaders headers = HttpHeaders.newBuilder().add("Authorization", "Basic " + secret).build();
        assertFalse(headers.toString().contains(secret), headers.toString());
    }

    @Test
    void credentialsCompareUserPasswordAndAnonymity() {
        assertEquals(Credentials.of("joe", "a"), Credentials.of("joe", "a"));
        assertNotEquals(Credentials.of("joe", "a"), Credentials.of("joe", "b"));
        assertNotEquals(Credentials.anonymous("x@"), Credentials.of("anonymous", "x@"));
        assertTrue(Credentials.anonymous("x@").isAnonymous());
    }

    @Test
    void builderRefusesBadSettings() {
        Internet.Builder builder = Internet.newBuilder();
        assertThrows(IllegalArgumentException.class, () -> builder.connectTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> builder.readTimeout(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> builder.readTimeout(Duration.ofDays(2)));
        assertThrows(IllegalArgumentException.class, () -> builder.writeTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> builder.deadline(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> builder.deadline(Duration.ofDays(2)));
        assertThrows(IllegalArgumentException.class, () -> builder.agent("a\r\nX-Injected: 1"));
        assertThrows(IllegalArgumentException.class, () -> builder.agent(" "));
        assertThrows(IllegalArgumentException.class, () -> builder.anonymousPassword("x\n"));
        assertThrows(NullPointerException.class, () -> builder.proxy(null));
        assertThrows(NullPointerException.class, () -> builder.statusListener(null));
        IllegalArgumentException noScheme = assertThrows(IllegalArgumentException.class, () -> builder.authSchemes());
        assertTrue(noScheme.getMessage().contains("ConnectFlag.NO_AUTH"), noScheme.getMessage());
        assertThrows(NullPointerException.class, () -> builder.authSchemes(AuthScheme.BASIC, null));
        assertThrows(NullPointerException.class, () -> builder.authenticator(null));
    }

    @Test
    void authenticationDefaultsToBasicAndDigestWithoutAnAuthenticator() {
        try (Internet internet = Internet.newBuilder().registry(ProviderRegistry.of()).build()) {
            assertEquals(EnumSet.of(AuthScheme.BASIC, AuthScheme.DIGEST), internet.authSchemes());
            assertEquals(Optional.empty(), internet.authenticator());
        }
        Authenticator none = challenge -> Optional.empty();
        try (Internet internet = Internet.newBuilder().registry(ProviderRegistry.of()).authenticator(none)
                .authSchemes(AuthScheme.NEGOTIATE, AuthScheme.NEGOTIATE).build()) {
            assertEquals(Set.of(AuthScheme.NEGOTIATE), internet.authSchemes());
            assertSame(none, internet.authenticator().orElseThrow());
        }
        assertEquals(0x0004_0000, ConnectFlag.NO_AUTH.winInetFlag().orElseThrow());
    }

    @Test
    void builderDefaultsAreFiniteAndVerifying() {
        try (Internet internet = Internet.newBuilder().registry(ProviderRegistry.of()).build()) {
            assertEquals(Duration.ofSeconds(30), internet.connectTimeout());
            assertEquals(Duration.ofSeconds(60), internet.readTimeout());
            assertEquals(Duration.ofSeconds(60), internet.writeTimeout(), "as the read timeout");
            assertEquals(java.util.Optional.empty(), internet.deadline(), "no deadline unless set");
            assertEquals(ProxyConfig.system(), internet.proxy());
            assertTrue(internet.sslContext().isEmpty(), "the JDK's default, verifying context");
            assertTrue(internet.agent().startsWith("inetkit/"), internet.agent());
        }
    }

    @Test
    void proxyBypassMatchesLocalNamesAndPatterns() {
        ProxyConfig proxy = ProxyConfig.socks5("proxy", Ports.SOCKS).withBypass("<local>", "*.corp.example");
        assertTrue(proxy.bypasses("intranet"));
        assertTrue(proxy.bypasses("localhost"));
        assertTrue(proxy.bypasses("127.0.0.1"));
        assertTrue(proxy.bypasses("Files.CORP.example"));
        assertFalse(proxy.bypasses("corp.example"));
        assertFalse(proxy.bypasses("example.org"));
        assertTrue(proxy.remoteDns());
        assertFalse(proxy.withRemoteDns(false).remoteDns());
        assertThrows(IllegalArgumentException.class, () -> ProxyConfig.http("proxy", 0));
        assertThrows(IllegalArgumentException.class, () -> ProxyConfig.http(" ", 80));
        assertThrows(IllegalStateException.class, () -> ProxyConfig.direct().withBypass("x"));
        assertThrows(IllegalStateException.class, () -> ProxyConfig.http("p", 80).withRemoteDns(false));
    }

    @Test
    void httpHeadersIgnoreCaseAndKeepOrderAndValues() {
        HttpHeaders headers = HttpHeaders.newBuilder().add("Set-Cookie", "a=1").add("set-cookie", "b=2")
                .add("Content-Length", "42").build();
        assertEquals(List.of("a=1", "b=2"), headers.allValues("SET-COOKIE"));
        assertEquals(42, headers.firstValueAsLong("content-length").getAsLong());
        assertTrue(headers.firstValue("missing").isEmpty());
        assertEquals(List.of("Set-Cookie", "Content-Length"), List.copyOf(headers.map().keySet()));
    }

    @Test
    void httpRequestDefaultsToAnEmptyGet(@TempDir Path dir) throws Exception {
        HttpRequest request = HttpRequest.get("/");
        assertEquals("GET", request.method());
        assertTrue(request.body().isEmpty());
        assertEquals(0, request.body().length().getAsLong());
        Path file = Files.write(dir.resolve("body"), new byte[123]);
        assertEquals(123, RequestBody.ofFile(file).length().getAsLong());
        assertTrue(RequestBody.ofStream(() -> null, -1).length().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> RequestBody.ofStream(() -> null, -2));
        assertEquals("PROPFIND", HttpRequest.newBuilder("/").method("propfind").build().method());
    }

    @Test
    void anHttpRequestsBuilderCopiesEverythingAndChangesOnlyWhatItIsTold() {
        RequestBody body = RequestBody.of(new byte[] {1, 2});
        HttpRequest original = HttpRequest.newBuilder("/a?b").method("PUT").header("Accept", "text/plain")
                .header("accept", "text/html").body(body).version(HttpVersion.HTTP_2).followRedirects(false)
                .expectSuccess().contentDecoding(false).build();
        HttpRequest copy = original.toBuilder().build();
        assertEquals("PUT", copy.method());
        assertEquals("/a?b", copy.target());
        assertEquals(original.headers(), copy.headers());
        assertSame(body, copy.body());
        assertEquals(Optional.of(HttpVersion.HTTP_2), copy.version());
        assertEquals(Optional.of(false), copy.followRedirects());
        assertTrue(copy.expectSuccess());
        assertEquals(Optional.of(false), copy.contentDecoding());
        HttpRequest more = original.toBuilder().header("X-Trace", "t").build();
        assertEquals(List.of("text/plain", "text/html"), more.headers().allValues("Accept"));
        assertEquals(Optional.of("t"), more.headers().firstValue("x-trace"));
        assertTrue(original.headers().firstValue("X-Trace").isEmpty(), "the original is unchanged");
        HttpRequest plain = HttpRequest.get("/").toBuilder().build();
        assertTrue(plain.version().isEmpty() && plain.followRedirects().isEmpty() && !plain.expectSuccess()
                && plain.contentDecoding().isEmpty());
    }

    @Test
    void onlyAFileBodyNamesItsFile() {
        Path file = Path.of("some", "upload.bin");
        assertEquals(Optional.of(file), RequestBody.ofFile(file).file());
        assertEquals(Optional.empty(), RequestBody.of(new byte[3]).file());
        assertEquals(Optional.empty(), RequestBody.empty().file());
        assertEquals(Optional.empty(), RequestBody.ofStream(InputStream::nullInputStream, 0).file());
    }

    @Test
    void gopherLocatorsRoundTrip() throws Exception {
        GopherItem item = new GopherItem('0', "About", "/about.txt", "gopher.example.org", 70, true);
        assertEquals("0About\t/about.txt\tgopher.example.org\t70\t+\r\n", item.toLocator());
        assertEquals(item, GopherItem.parseLocator(item.toLocator()));
        assertEquals(GopherItemType.TEXT_FILE, item.type());
        GopherItem noCrlf = GopherItem.parseLocator("1Menu\t/m\th\t7070");
        assertEquals(GopherItemType.DIRECTORY, noCrlf.type());
        assertFalse(noCrlf.gopherPlus());
    }

    @Test
    void badGopherLocatorsAreInvalidLocator() {
        for (String bad : new String[] {"", "0only-display", "0d\ts\th\tnot-a-port", "0d\ts\th\t99999",
                "0d\ts\th\t70\r\n1x\ty\tz\t70", "0" + "x".repeat(700) + "\ts\th\t70"}) {
            InternetException e = assertThrows(InternetException.class, () -> GopherItem.parseLocator(bad), bad);
            assertEquals(InternetError.GOPHER_INVALID_LOCATOR, e.error());
        }
        assertThrows(IllegalArgumentException.class, () -> new GopherItem('0', "a\tb", "s", "h", 70, false));
    }

    @Test
    void gopherTypesMapCharactersAndWinInetBits() {
        assertEquals(GopherItemType.BINARY, GopherItemType.fromCode('9'));
        assertEquals(GopherItemType.SOUND, GopherItemType.fromCode('<'));
        assertEquals(GopherItemType.UNKNOWN, GopherItemType.fromCode('Z'));
        assertEquals(0x80, GopherItemType.INDEX_SERVER.winInetType());
        assertTrue(GopherItemType.TEXT_FILE.isFile());
        assertFalse(GopherItemType.DIRECTORY.isFile());
        assertTrue(GopherItemType.TEXT_FILE.isText());
        assertFalse(GopherItemType.GIF.isText());
        long distinct = Arrays.stream(GopherItemType.values()).mapToInt(GopherItemType::winInetType).distinct().count();
        assertEquals(GopherItemType.values().length, distinct);
    }

    @Test
    void gopherAttributesReadTheirBlocks() {
        Map<String, String> blocks = new LinkedHashMap<>();
        blocks.put("+INFO", "0About\t/about\th\t70\t+");
        blocks.put("+ADMIN", "Admin: Joe <joe@example.org>\nMod-Date: <20261125000000>");
        blocks.put("+VIEWS", "text/plain: <2k>\napplication/pdf: <10k>");
        GopherAttributes attributes = new GopherAttributes(blocks);
        assertEquals("Joe <joe@example.org>", attributes.admin().get("Admin"));
        assertEquals(List.of("text/plain: <2k>", "application/pdf: <10k>"), attributes.views());
        assertTrue(attributes.abstractText().isEmpty());
        assertTrue(attributes.info().orElseThrow().startsWith("0About"));
    }

    @Test
    void ftpRepliesKnowRefusals() {
        assertTrue(new FtpReply(226, List.of("226 Transfer complete")).isPositive());
        assertFalse(new FtpReply(550, List.of("550 No such file")).isPositive());
        assertEquals("211-Features:\n211 End", new FtpReply(211, List.of("211-Features:", "211 End")).text());
        assertThrows(IllegalArgumentException.class, () -> new FtpReply(99, List.of()));
    }
}
