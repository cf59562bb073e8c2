package io.inetkit.testkit.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorpusTest {

    @Test
    void readsOneCaseALineSkippingCommentsAndBlanks() {
        List<Corpus.Entry> entries = Corpus.load(CorpusTest.class, "/corpus/sample.txt", 3);
        assertEquals(List.of("plain", "repeated", "empty payload"), entries.stream().map(Corpus.Entry::name).toList());
        assertEquals("error", entries.get(0).field(1));
        assertArrayEquals("220 ready\r\n".getBytes(StandardCharsets.US_ASCII), entries.get(0).payload());
        assertArrayEquals(new byte[] {'a', 'b', 'a', 'b', 'a', 'b', 0, '\t', '\\'}, entries.get(1).payload());
        assertArrayEquals(new byte[0], entries.get(2).payload(), "a line ending in \" |\" has an empty payload");
        assertEquals("plain", entries.get(0).toString());
    }

    @Test
    void decodesEscapesRepeatsAndUtf8() {
        assertArrayEquals(new byte[] {(byte) 0xff, '\n'}, Corpus.decode("\\xff\\n"));
        assertEquals(100_000, Corpus.decode("{100000*x}").length);
        assertArrayEquals("é".getBytes(StandardCharsets.UTF_8), Corpus.decode("é"));
        assertThrows(IllegalArgumentException.class, () -> Corpus.decode("\\q"));
    }

    @Test
    void aMissingResourceOrAWrongFieldCountIsAnError() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> Corpus.load(CorpusTest.class, "/corpus/none.txt", 3));
        assertTrue(missing.getMessage().contains("/corpus/none.txt"), missing.getMessage());
        IllegalStateException wrong = assertThrows(IllegalStateException.class,
                () -> Corpus.load(CorpusTest.class, "/corpus/broken.txt", 3));
        assertTrue(wrong.getMessage().contains("3 fields expected"), wrong.getMessage());
    }
}
