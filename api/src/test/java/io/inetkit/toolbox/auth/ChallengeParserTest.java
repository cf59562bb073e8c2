package io.inetkit.toolbox.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 9110's challenge grammar, as servers send it, and the bounds on what a server may make it hold. */
class ChallengeParserTest {

    private final ChallengeParser parser = new ChallengeParser(Limits.defaults());

    private List<Challenge> parse(String... fields) throws InternetException {
        return parser.parse(List.of(fields), "example.org:80");
    }

    @Test
    void readsSeveralChallengesInOneFieldWithQuotedCommasAndEscapes() throws Exception {
        List<Challenge> challenges = parse("Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\", please\","
                + " Basic realm=\"simple\", Digest realm=\"a,b\", nonce=abc , qop=\"auth, auth-int\"");
        assertEquals(3, challenges.size());
        assertEquals(new Challenge("newauth", null, Map.of("realm", "apps", "type", "1",
                "title", "Login to \"apps\", please")), challenges.get(0));
        assertEquals(new Challenge("basic", null, Map.of("realm", "simple")), challenges.get(1));
        assertEquals(new Challenge("digest", null, Map.of("realm", "a,b", "nonce", "abc", "qop", "auth, auth-int")),
                challenges.get(2));
    }

    @Test
    void readsChallengesAcrossFieldsAndToken68s() throws Exception {
        List<Challenge> challenges = parse("Negotiate", "NTLM TlRMTVNTUAACAAAADAAMADgAAAA=, Basic realm=x",
                "Bearer abc.def_~+/==  ,  DIGEST REALM = \"r\" ,NONCE=\"n\"");
        assertEquals(List.of(new Challenge("negotiate", null, Map.of()),
                new Challenge("ntlm", "TlRMTVNTUAACAAAADAAMADgAAAA=", Map.of()),
                new Challenge("basic", null, Map.of("realm", "x")),
                new Challenge("bearer", "abc.def_~+/==", Map.of()),
                new Challenge("digest", null, Map.of("realm", "r", "nonce", "n"))), challenges);
    }

    @Test
    void dropsABrokenChallengeWithTheRestOfItsFieldButKeepsWhatCameBefore() throws Exception {
        // A parameter twice, an unterminated quote, a control character, a stray character.
        assertEquals(List.of(new Challenge("basic", null, Map.of("realm", "a"))),
                parse("Basic realm=a, Digest realm=b, realm=c, Basic realm=z"));
        assertEquals(List.of(new Challenge("basic", null, Map.of("realm", "a"))),
                parse("Basic realm=a, Digest realm=\"never closed, Basic realm=z"));
        assertEquals(List.of(), parse("Digest realm=\"a\r\nInjected: yes\""));
        assertEquals(List.of(new Challenge("basic", null, Map.of("realm", "a"))),
                parse("Basic realm=a, Digest realm=b; nonce=c"));
        assertEquals(List.of(), parse("=Basic", "\"quoted\"", ""));
        Challenge bare = parse("Basic").get(0);
        assertNull(bare.token68());
        assertTrue(bare.params().isEmpty());
    }

    @Test
    void boundsTheChallengesCountAndTheirBytes() throws Exception {
        ChallengeParser small = new ChallengeParser(Limits.newBuilder().maxChallenges(2).maxChallengeBytes(40).build());
        assertEquals(2, small.parse(List.of("Basic realm=a", "Digest realm=b"), "h:1").size());
        InternetException many = assertThrows(InternetException.class,
                () -> small.parse(List.of("A, B", "C"), "h:1"));
        assertEquals(InternetError.HTTP_INVALID_SERVER_RESPONSE, many.error());
        assertTrue(many.getMessage().contains("more than 2 authentication challenges (Limits.maxChallenges)"),
                many.getMessage());
        InternetException large = assertThrows(InternetException.class,
                () -> small.parse(List.of("Basic realm=\"" + "x".repeat(20) + "\"", "Basic realm=y" + "z".repeat(10)), "h:1"));
        assertEquals(InternetError.HTTP_INVALID_SERVER_RESPONSE, large.error());
        assertTrue(large.getMessage().contains("more than 40 bytes (Limits.maxChallengeBytes)"), large.getMessage());
    }
}
