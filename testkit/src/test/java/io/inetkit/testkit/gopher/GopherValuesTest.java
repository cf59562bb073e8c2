package io.inetkit.testkit.gopher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GopherValuesTest {

    @Test
    void itemsRejectWhatWouldBreakAMenuLine() {
        assertThrows(IllegalArgumentException.class, () -> GopherItem.of('0', "a\tb", "/x"));
        assertThrows(IllegalArgumentException.class, () -> GopherItem.of('0', "a", "/x\r\n.\r\n"));
        assertThrows(IllegalArgumentException.class, () -> GopherItem.remote('1', "a", "/x", "h", 70_000));
        assertThrows(IllegalArgumentException.class, () -> GopherItem.of('.', "a", "/x"));
        assertThrows(NullPointerException.class, () -> GopherItem.of('0', null, "/x"));
    }

    @Test
    void itemsFillInTheServingHostOnlyWhenTheyHaveNone() {
        assertEquals("0a\t/a\th\t70\r\n", GopherItem.of('0', "a", "/a").menuLine("h", 70));
        assertEquals("1b\t/b\tother\t7070\t+\r\n",
                GopherItem.remote('1', "b", "/b", "other", 7070).withGopherPlus().menuLine("h", 70));
    }

    @Test
    void requestLinesSplitIntoSelectorQueryAndGopherPlusField() {
        GopherRequest plain = GopherRequest.parse("/a", false);
        assertEquals(Optional.empty(), plain.query());
        assertEquals(Optional.empty(), plain.gopherPlus());

        GopherRequest attributes = GopherRequest.parse("/a\t!", false);
        assertEquals(Optional.of("!"), attributes.gopherPlus());
        assertEquals(Optional.empty(), attributes.query());

        GopherRequest search = GopherRequest.parse("/s\t+x", true);
        assertEquals(Optional.of("+x"), search.query());
        assertEquals(Optional.empty(), search.gopherPlus());

        GopherRequest plusSearch = GopherRequest.parse("/s\tq\t+", true);
        assertEquals("/s", plusSearch.selector());
        assertEquals(Optional.of("q"), plusSearch.query());
        assertEquals(Optional.of("+"), plusSearch.gopherPlus());
    }

    @Test
    void builderRejectsNonsense() {
        TestGopherServer.Builder builder = TestGopherServer.newBuilder();
        assertThrows(IllegalArgumentException.class, () -> builder.root(Path.of("/no/such/dir")));
        assertThrows(IllegalArgumentException.class, () -> builder.port(-1));
        assertThrows(IllegalArgumentException.class, () -> builder.readTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> builder.maxRequestLineBytes(0));
        assertThrows(IllegalArgumentException.class, () -> builder.banner("two\nlines"));
        assertThrows(NullPointerException.class, () -> builder.tls(null));
    }

    @Test
    void sizesAreWholeKilobytesRoundedUp() {
        assertEquals(0, GopherPlusAttributes.kilobytes(0));
        assertEquals(1, GopherPlusAttributes.kilobytes(1));
        assertEquals(1, GopherPlusAttributes.kilobytes(1024));
        assertEquals(2, GopherPlusAttributes.kilobytes(1025));
    }
}
