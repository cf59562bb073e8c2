package io.inetkit.toolbox.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.Credentials;
import io.inetkit.Limits;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Digest answers, byte for byte, against RFC 7616's worked example (section 3.9.1). */
class DigestCredentialsTest {

    private static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
    private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private static final Credentials MUFASA = Credentials.of("Mufasa", "Circle of Life");

    private static Challenge challenge(String algorithm) throws Exception {
        // The RFC's challenge as the server sends it.
        return new ChallengeParser(Limits.defaults()).parse(List.of("Digest realm=\"http-auth@example.org\","
                + " qop=\"auth, auth-int\", algorithm=" + algorithm + ", nonce=\"" + NONCE + "\", opaque=\"" + OPAQUE
                + "\""), "example.org:80").get(0);
    }

    private static String expected(String algorithm, String nc, String response) {
        return "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", algorithm="
                + algorithm + ", nonce=\"" + NONCE + "\", nc=" + nc + ", cnonce=\"" + CNONCE + "\", qop=auth, response=\""
                + response + "\", opaque=\"" + OPAQUE + "\"";
    }

    @Test
    void answersTheRfcsSha256Example() throws Exception {
        DigestCredentials digest = DigestCredentials.of(challenge("SHA-256"), MUFASA, () -> CNONCE).orElseThrow();
        assertEquals(expected("SHA-256", "00000001", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"),
                digest.authorization("GET", "/dir/index.html"));
    }

    @Test
    void answersTheRfcsMd5Example() throws Exception {
        // The RFC prints 8ca523f5e9506fed4657c9700eebdec1, which is not the MD5 of its own inputs;
        // this is (Python's hashlib agrees), and its SHA-256 example above matches as printed.
        DigestCredentials digest = DigestCredentials.of(challenge("MD5"), MUFASA, () -> CNONCE).orElseThrow();
        assertEquals(expected("MD5", "00000001", "8ca523f5e9506fed4657c9700eebdbec"),
                digest.authorization("GET", "/dir/index.html"));
    }

    @Test
    void countsTheUsesOfTheNonce() throws Exception {
        DigestCredentials digest = DigestCredentials.of(challenge("MD5"), MUFASA, () -> CNONCE).orElseThrow();
        digest.authorization("GET", "/dir/index.html");
        String second = digest.authorization("GET", "/dir/index.html");
        assertTrue(second.contains(", nc=00000002, "), second);
    }

    @Test
    void refusesAuthIntOnlyAndUnknownAlgorithmsAndTakesNoQopTheOldWay() throws Exception {
        Challenge authInt = new Challenge("digest", null, Map.of("realm", "r", "nonce", "n", "qop", "auth-int"));
        assertTrue(DigestCredentials.of(authInt, MUFASA).isEmpty());
        assertTrue(DigestCredentials.refusal(authInt).orElseThrow().contains("qop=auth-int only"));
        Challenge sha1 = new Challenge("digest", null, Map.of("realm", "r", "nonce", "n", "algorithm", "SHA-1"));
        assertTrue(DigestCredentials.refusal(sha1).orElseThrow().contains("algorithm SHA-1"));
        assertTrue(DigestCredentials.refusal(new Challenge("digest", null, Map.of("realm", "r"))).isPresent());
        // Without qop, RFC 2069's form H(HA1:nonce:HA2), on RFC 2617's example inputs; the expected
        // response is Python hashlib's MD5 of them (RFC 2069 prints a value that does not match them).
        Challenge old = new Challenge("digest", null, Map.of("realm", "testrealm@host.com",
                "nonce", "dcd98b7102dd2f0e8b11d0f600bfb0c093"));
        String answer = DigestCredentials.of(old, Credentials.of("Mufasa", "Circle Of Life")).orElseThrow()
                .authorization("GET", "/dir/index.html");
        assertEquals("Digest username=\"Mufasa\", realm=\"testrealm@host.com\", uri=\"/dir/index.html\","
                + " algorithm=MD5, nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", response=\""
                + "670fd8c2df070c60b045671b8b24ff02\"", answer);
    }

    @Test
    void sendsANameOutsideAsciiAsUsernameStarAndQuotesWhatNeedsIt() throws Exception {
        Challenge challenge = new Challenge("digest", null, Map.of("realm", "r\"q", "nonce", "n", "qop", "auth"));
        String answer = DigestCredentials.of(challenge, Credentials.of("Jäsøn Doe", "pw"), () -> "c").orElseThrow()
                .authorization("GET", "/");
        assertTrue(answer.startsWith("Digest username*=UTF-8''J%C3%A4s%C3%B8n%20Doe, realm=\"r\\\"q\", "), answer);
        assertTrue(!answer.contains("pw"), answer);
    }

    @Test
    void sendsTheHashedUserWhenTheServerAsksForUserhash() throws Exception {
        // RFC 7616's SHA-512-256 example's inputs; the expected values are Python hashlib's
        // (sha512_256 of "Jäsøn Doe:api@example.org", and the response of its HA1 and HA2).
        Challenge challenge = new ChallengeParser(Limits.defaults()).parse(List.of("Digest realm=\"api@example.org\","
                + " qop=\"auth\", algorithm=SHA-512-256, nonce=\"5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK\","
                + " opaque=\"HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS\", charset=UTF-8, userhash=true"),
                "api.example.org:80").get(0);
        String answer = DigestCredentials.of(challenge, Credentials.of("Jäsøn Doe", "Secret, or not?"),
                () -> "NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v").orElseThrow().authorization("GET", "/doe.json");
        assertEquals("Digest username=\"793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b\","
                + " realm=\"api@example.org\", uri=\"/doe.json\", algorithm=SHA-512-256,"
                + " nonce=\"5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK\", nc=00000001,"
                + " cnonce=\"NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v\", qop=auth,"
                + " response=\"3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5\","
                + " opaque=\"HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS\", userhash=true", answer);
        assertFalse(answer.contains("Jäsøn") || answer.contains("username*"), answer);
    }

    @Test
    void sendsTheNameItselfWhenUserhashIsFalse() throws Exception {
        Challenge challenge = new Challenge("digest", null, Map.of("realm", "r", "nonce", "n", "qop", "auth",
                "userhash", "false"));
        String answer = DigestCredentials.of(challenge, MUFASA, () -> "c").orElseThrow().authorization("GET", "/");
        assertTrue(answer.startsWith("Digest username=\"Mufasa\", "), answer);
        assertFalse(answer.contains("userhash"), answer);
    }
}
