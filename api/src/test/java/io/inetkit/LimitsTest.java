package io.inetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LimitsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        Limits limits = Limits.defaults();
        assertEquals(16 * 1024, limits.maxLineBytes());
        assertEquals(10_000, limits.maxReplyLines());
        assertEquals(1024 * 1024, limits.maxReplyBytes());
        assertEquals(8, limits.maxInterimResponses());
        assertEquals(256 * 1024, limits.maxHeaderBytes());
        assertEquals(200, limits.maxHeaderCount());
        assertEquals(100_000, limits.maxListEntries());
        assertEquals(16L * 1024 * 1024, limits.maxListBytes());
        assertEquals(10, limits.maxRedirects());
        assertEquals(3, limits.maxAuthAttempts());
        assertEquals(16, limits.maxChallenges());
        assertEquals(16 * 1024, limits.maxChallengeBytes());
        assertEquals(4096, limits.maxCookieBytes());
        assertEquals(50, limits.maxCookiesPerDomain());
        assertEquals(3000, limits.maxCookies());
        assertEquals(50, limits.maxSetCookies());
        assertEquals(100, limits.maxDecodingRatio());
        assertEquals(64, limits.maxTreeDepth());
        assertEquals(10_000_000L, limits.maxTreeEntries());
        assertEquals(Limits.defaults(), Limits.newBuilder().build());
    }

    @Test
    void theBuilderSetsEachLimitAndToBuilderKeepsTheOthers() {
        Limits limits = Limits.newBuilder().maxLineBytes(1).maxReplyLines(2).maxReplyBytes(3)
                .maxInterimResponses(4).maxHeaderBytes(5).maxHeaderCount(6).maxListEntries(7)
                .maxListBytes(8).maxRedirects(0).maxAuthAttempts(9).maxChallenges(10).maxChallengeBytes(11)
                .maxCookieBytes(12).maxCookiesPerDomain(13).maxCookies(14).maxSetCookies(15)
                .maxDecodingRatio(16).maxTreeDepth(17).maxTreeEntries(18).build();
        assertEquals("Limits[maxLineBytes=1, maxReplyLines=2, maxReplyBytes=3, maxInterimResponses=4,"
                + " maxHeaderBytes=5, maxHeaderCount=6, maxListEntries=7, maxListBytes=8, maxRedirects=0,"
                + " maxAuthAttempts=9, maxChallenges=10, maxChallengeBytes=11,"
                + " maxCookieBytes=12, maxCookiesPerDomain=13, maxCookies=14, maxSetCookies=15, maxDecodingRatio=16,"
                + " maxTreeDepth=17, maxTreeEntries=18]",
                limits.toString());
        Limits cookies = limits.toBuilder().maxSetCookies(16).build();
        assertEquals(12, cookies.maxCookieBytes());
        assertNotEquals(limits, cookies);
        Limits changed = limits.toBuilder().maxReplyLines(20).build();
        assertEquals(20, changed.maxReplyLines());
        assertEquals(1, changed.maxLineBytes());
        assertNotEquals(limits, changed);
        assertEquals(limits, changed.toBuilder().maxReplyLines(2).build());
        assertEquals(limits.hashCode(), changed.toBuilder().maxReplyLines(2).build().hashCode());
    }

    static Stream<Consumer<Limits.Builder>> outOfRange() {
        return Stream.of(b -> b.maxLineBytes(0), b -> b.maxReplyLines(0), b -> b.maxReplyBytes(-1),
                b -> b.maxInterimResponses(0), b -> b.maxHeaderBytes(0), b -> b.maxHeaderCount(0),
                b -> b.maxListEntries(0), b -> b.maxListBytes(0), b -> b.maxRedirects(-1), b -> b.maxAuthAttempts(0),
                b -> b.maxChallenges(0), b -> b.maxChallengeBytes(0),
                b -> b.maxCookieBytes(0), b -> b.maxCookiesPerDomain(0), b -> b.maxCookies(0), b -> b.maxSetCookies(0),
                b -> b.maxDecodingRatio(0), b -> b.maxTreeDepth(0), b -> b.maxTreeEntries(0));
    }

    @ParameterizedTest
    @MethodSource("outOfRange")
    void aValueOutOfRangeIsRefusedAtOnce(Consumer<Limits.Builder> setter) {
        assertThrows(IllegalArgumentException.class, () -> setter.accept(Limits.newBuilder()));
    }

    @Test
    void theExceededErrorNamesTheLimitAndHowToRaiseIt() {
        InternetException e = Limits.exceeded(InternetError.FTP_DROPPED, "ftp.example.org:21",
                "a reply of more than 10000 lines", "maxReplyLines");
        assertSame(InternetError.FTP_DROPPED, e.error());
        assertEquals("ftp.example.org:21 sent a reply of more than 10000 lines (Limits.maxReplyLines);"
                + " raise it with Limits.Builder.maxReplyLines(int) if the server is trusted", e.getMessage());
        assertEquals("raise it with Limits.Builder.maxListBytes(long) if the server is trusted",
                Limits.exceeded(InternetError.FTP_DROPPED, "h:1", "x", "maxListBytes").getMessage()
                        .replaceAll("^.*\\); ", ""));
    }

    @Test
    void anInternetHandsItsLimitsToProviders() {
        Limits limits = Limits.newBuilder().maxReplyLines(3).build();
        try (Internet internet = Internet.newBuilder().registry(ProviderRegistry.of()).limits(limits).build()) {
            assertSame(limits, internet.limits());
        }
        try (Internet internet = Internet.newBuilder().registry(ProviderRegistry.of()).build()) {
            assertSame(Limits.defaults(), internet.limits());
        }
    }
}
