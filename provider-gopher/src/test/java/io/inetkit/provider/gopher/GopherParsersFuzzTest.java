package io.inetkit.provider.gopher;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import io.inetkit.gopher.GopherUrl;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz tests of every Gopher parser: menus (with {@link LineReader} and small {@link Limits}),
 * Gopher+ attribute replies and locators ({@link GopherUrl}). Whatever the bytes, a parser returns
 * or throws {@link InternetException}; anything else is a finding. In every build these replay the
 * inputs under {@code src/test/resources/io/inetkit/provider/gopher/GopherParsersFuzzTestInputs};
 * with {@code -Pfuzz} they fuzz, one target per run, for 5 minutes unless {@code -Djazzer.max_duration}
 * says otherwise.
 */
class GopherParsersFuzzTest {

    /** Small limits, so the fuzzer reaches the limit checks with small inputs. */
    private static final Limits LIMITS = Limits.newBuilder().maxLineBytes(512).maxListEntries(64)
            .maxListBytes(16 * 1024).maxReplyBytes(16 * 1024).build();

    private static LineReader lines(byte[] input, LineReader.Reply reply) {
        return new LineReader(new ByteArrayInputStream(input), LIMITS, reply, "fuzz");
    }

    @FuzzTest(maxDuration = "30s")
    void menus(byte[] input) throws IOException {
        try {
            Replies.menu(lines(input, LineReader.Reply.MENU), LIMITS.maxListEntries(), "fuzz", Replies.Operation.MENU);
        } catch (InternetException expected) {
            // a clear refusal
        }
    }

    @FuzzTest(maxDuration = "30s")
    void attributes(byte[] input) throws IOException {
        try {
            Replies.attributes(lines(input, LineReader.Reply.ATTRIBUTES), "fuzz");
        } catch (InternetException expected) {
            // a clear refusal
        }
    }

    @FuzzTest(maxDuration = "30s")
    void locators(byte[] input) {
        String url = new String(input, StandardCharsets.UTF_8);
        try {
            GopherUrl parsed = GopherUrl.parse(url);
            GopherUrl again = GopherUrl.parse(parsed.toString());
            if (!again.equals(parsed) || !again.toString().equals(parsed.toString())) {
                throw new AssertionError("a locator does not survive writing and reading: " + url);
            }
        } catch (InternetException expected) {
            // a clear refusal
        }
    }
}
