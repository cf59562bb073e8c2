package io.inetkit.testkit.gopher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The Gopher item type and MIME type of a served file, decided by its extension or its content. */
record FileKind(char type, String mimeType) {

    static final FileKind MENU = new FileKind('1', "application/gopher-menu");
    static final FileKind TEXT = new FileKind('0', "text/plain");
    static final FileKind BINARY = new FileKind('9', "application/octet-stream");

    private static final Map<String, FileKind> BY_EXTENSION = Map.ofEntries(
            Map.entry("txt", TEXT),
            Map.entry("text", TEXT),
            Map.entry("md", new FileKind('0', "text/markdown")),
            Map.entry("csv", new FileKind('0', "text/csv")),
            Map.entry("html", new FileKind('h', "text/html")),
            Map.entry("htm", new FileKind('h', "text/html")),
            Map.entry("gif", new FileKind('g', "image/gif")),
            Map.entry("png", new FileKind('I', "image/png")),
            Map.entry("jpg", new FileKind('I', "image/jpeg")),
            Map.entry("jpeg", new FileKind('I', "image/jpeg")),
            Map.entry("bmp", new FileKind('I', "image/bmp")),
            Map.entry("wav", new FileKind('s', "audio/wav")),
            Map.entry("mp3", new FileKind('s', "audio/mpeg")),
            Map.entry("hqx", new FileKind('4', "application/mac-binhex40")),
            Map.entry("uue", new FileKind('6', "text/x-uuencode")),
            Map.entry("pdf", new FileKind('9', "application/pdf")),
            Map.entry("zip", new FileKind('9', "application/zip")),
            Map.entry("gz", new FileKind('9', "application/gzip")),
            Map.entry("bin", BINARY));

    /** Sniffing more than this would slow menus of big files and tells little more. */
    private static final int SNIFF_BYTES = 4096;

    static FileKind of(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            return MENU;
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            FileKind known = BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
            if (known != null) {
                return known;
            }
        }
        return looksLikeText(file) ? TEXT : BINARY;
    }

    /** Text is what has no NUL byte and decodes as UTF-8 in its first few kilobytes. */
    private static boolean looksLikeText(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF_BYTES);
        }
        for (byte b : head) {
            if (b == 0) {
                return false;
            }
        }
        int length = head.length;
        if (length == SNIFF_BYTES) {
            // A multi-byte character cut at the end of the sample is not a sign of binary.
            while (length > 0 && length > SNIFF_BYTES - 4 && (head[length - 1] & 0xC0) == 0x80) {
                length--;
            }
            if (length > 0 && (head[length - 1] & 0xC0) == 0xC0) {
                length--;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(head, 0, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    boolean isText() {
        return type == '0';
    }
}
