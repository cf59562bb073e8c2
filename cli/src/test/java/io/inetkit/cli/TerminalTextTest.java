package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules by which server text is printed: data, never control. */
class TerminalTextTest {

    /** Whether a printed text could act on a terminal: C0 (but the line's own breaks), DEL or C1. */
    static boolean hasControl(String text) {
        return text.chars().anyMatch(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f));
    }

    @Test
    void escIsShownNotSentSoThatNoSequenceRuns() {
        assertEquals("\\x1b[2J\\x1b[1;1Hforged", TerminalText.line("\u001b[2J\u001b[1;1Hforged"));
        // OSC: retitles the terminal, ended by BEL or by ESC backslash.
        assertEquals("\\x1b]0;pwned\\x07 and \\x1b]2;t\\x1b\\", TerminalText.line("\u001b]0;pwned\u0007 and \u001b]2;t\u001b\\"));
    }

    @Test
    void nulDelAndEveryOtherC0AreEscaped() {
        assertEquals("a\\x00b\\x7fc\\x01\\x08\\x0b\\x0c\\x1f", TerminalText.line("a\u0000b\u007fc\u0001\b\u000b\f\u001f"));
        for (char c = 0; c < 0x20; c++) {
            assertFalse(hasControl(TerminalText.field(String.valueOf(c))), "U+" + (int) c);
            assertFalse(hasControl(TerminalText.line("x" + c + "y")), "U+" + (int) c);
        }
    }

    @Test
    void c1ControlsAreEscapedAsTheirCodes() {
        // U+009B is the one-character CSI that some terminals obey: ESC [ in one.
        assertEquals("\\x9b2J \\x80 \\x9f \\x85", TerminalText.line("\u009b2J \u0080 \u009f \u0085"));
        for (char c = 0x80; c <= 0x9f; c++) {
            assertEquals("\\x" + Integer.toHexString(c), TerminalText.field(String.valueOf(c)));
        }
    }

    @Test
    void tabsAreEscapedEverywhereSinceLsSeparatesFieldsWithThem() {
        assertEquals("a\\tb", TerminalText.field("a\tb"));
        assertEquals("a\\tb", TerminalText.line("a\tb"));
    }

    @Test
    void aLoneCrIsEscapedSinceItWouldOverwriteTheLine() {
        assertEquals("innocent\\rinetkit: forged", TerminalText.line("innocent\rinetkit: forged"));
        assertEquals("a\\rb", TerminalText.field("a\rb"));
        assertEquals(List.of("one\\rtwo", "three"), TerminalText.lines("one\rtwo\r\nthree"));
    }

    @Test
    void aLineFoldsItsLineBreaksIntoSpaces() {
        assertEquals("550 first line 550 second", TerminalText.line("550 first line\r\n550 second"));
        assertEquals("a b", TerminalText.line("a\nb"));
    }

    @Test
    void aFieldEscapesLineBreaksAndBackslashesSoThatItReadsBackExactly() {
        assertEquals("a\\nb\\\\x1b", TerminalText.field("a\nb\\x1b"));
        assertEquals("C:\\Temp", TerminalText.line("C:\\Temp"), "a message keeps its backslashes");
    }

    @Test
    void utf8TextIsKept() {
        String text = "café naïve 日本語 한국어 😀 Ελληνικά ﷽";
        assertEquals(text, TerminalText.line(text));
        assertEquals(text, TerminalText.field(text));
        assertEquals(List.of(text), TerminalText.lines(text));
    }

    @Test
    void loneSurrogatesBidiOverridesAndLineSeparatorsAreEscaped() {
        assertEquals("\\ud800x\\udc00", TerminalText.field("\ud800x\udc00"));
        // U+202E shows what follows right to left: "txt.exe" would read "exe.txt".
        assertEquals("a\\u202etxt.exe \\u2066\\u2069 \\u2028\\u2029", TerminalText.line("a\u202etxt.exe \u2066\u2069 \u2028\u2029"));
    }

    @Test
    void utf8ReadAsLatin1IsShownAsTheUtf8ItIs() {
        // An HTTP reason phrase is read one character a byte.
        String bytes = new String("Não encontrado 😀".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertEquals("Não encontrado 😀", TerminalText.line(bytes));
        // A C1 control in UTF-8 form (C2 9B) is still a control.
        String csi = new String("x\u009b2J".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertEquals("x\\x9b2J", TerminalText.line(csi));
        // Bytes that are not UTF-8 stay as Latin-1 reads them, their C1 part escaped.
        assertEquals("caf\u00e9 \\x9b\u00ff", TerminalText.line("caf\u00e9 \u009b\u00ff"));
        // A field is text a provider decoded already: never read again.
        assertEquals("Ã©", TerminalText.field("Ã©"));
    }

    @Test
    void aLongLineIsCutAtTheCapWithHowMuchWasLeftOut() {
        String huge = "x".repeat(10_000_000);
        String line = TerminalText.line(huge);
        assertEquals("x".repeat(TerminalText.LINE_CAP) + "... [9,995,904 more characters]", line);
        assertEquals("x".repeat(TerminalText.LINE_CAP) + "... [1 more character]",
                TerminalText.line("x".repeat(TerminalText.LINE_CAP + 1)));
        assertEquals("x".repeat(TerminalText.LINE_CAP), TerminalText.line("x".repeat(TerminalText.LINE_CAP)));
    }

    @Test
    void theCapCountsWhatIsShownSoEscapesCannotBlowItUp() {
        String line = TerminalText.line("\u001b".repeat(5000));
        assertTrue(line.startsWith("\\x1b".repeat(1024) + "... [3,976 more characters]"), line);
    }

    @Test
    void aSurrogatePairIsNeverSplitByTheCap() {
        String line = TerminalText.line("x".repeat(TerminalText.LINE_CAP - 1) + "😀");
        assertEquals("x".repeat(TerminalText.LINE_CAP - 1) + "... [2 more characters]", line);
    }

    @Test
    void aReplyKeepsItsLinesUpToSixteenAndTheCap() {
        assertEquals(List.of("530-Not logged in.", "530 Bye."), TerminalText.lines("530-Not logged in.\r\n530 Bye.\r\n"));
        assertEquals(List.of(), TerminalText.lines(""));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            many.append("line ").append(i).append("\r\n");
        }
        List<String> lines = TerminalText.lines(many.toString());
        assertEquals(TerminalText.MAX_LINES, lines.size());
        String reply = many.toString().strip();
        int left = reply.length() - (reply.indexOf("line 15") + "line 15".length());
        assertEquals("line 15... [" + TerminalText.grouped(left) + " more characters]", lines.get(15));
        assertEquals("line 14", lines.get(14));
        List<String> big = TerminalText.lines("550-" + "y".repeat(10_000_000) + "\r\n550 end");
        assertEquals(1, big.size());
        assertTrue(big.get(0).endsWith("more characters]"), big.get(0));
        assertTrue(big.get(0).length() < TerminalText.LINE_CAP + 40, "cut near the cap");
    }

    @Test
    void groupedWritesThousandsSeparators() {
        assertEquals("0", TerminalText.grouped(0));
        assertEquals("999", TerminalText.grouped(999));
        assertEquals("1,000", TerminalText.grouped(1000));
        assertEquals("9,437,100", TerminalText.grouped(9_437_100));
    }

    @Test
    void noOutputOfAnyCharacterHoldsAControl() {
        StringBuilder every = new StringBuilder();
        for (int c = 0; c < 0x10000; c++) {
            every.append((char) c);
        }
        assertFalse(hasControl(TerminalText.field(every.toString())));
        assertFalse(hasControl(TerminalText.line(every.toString())));
        assertFalse(TerminalText.line(every.toString()).contains("\n"));
        assertFalse(TerminalText.field(every.toString()).contains("\n"));
        for (String line : TerminalText.lines(every.toString())) {
            assertFalse(hasControl(line));
        }
    }
}
