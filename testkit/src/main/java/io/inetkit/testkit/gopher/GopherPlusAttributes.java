package io.inetkit.testkit.gopher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The Gopher+ attribute block of one served item: {@code +INFO}, {@code +ADMIN}, {@code +VIEWS}
 * and, when the test gave one, {@code +ABSTRACT}.
 */
final class GopherPlusAttributes {

    private static final DateTimeFormatter HUMAN =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private GopherPlusAttributes() {
    }

    /**
     * The block for a file or directory, each line ending in CR LF, without the reply's
     * {@code +-1} header and final period.
     */
    static String of(GopherItem item, Path file, String adminName, String adminEmail,
            Optional<String> abstractText, String host, int port) throws IOException {
        StringBuilder block = new StringBuilder();
        block.append("+INFO: ").append(item.withGopherPlus().menuLine(host, port));
        block.append("+ADMIN:\r\n");
        block.append(" Admin: ").append(adminName).append(" <").append(adminEmail).append(">\r\n");
        block.append(" Mod-Date: ").append(modDate(Files.getLastModifiedTime(file).toInstant())).append("\r\n");
        FileKind kind = FileKind.of(file);
        long size = Files.isDirectory(file) ? 0 : Files.size(file);
        block.append("+VIEWS:\r\n");
        block.append(' ').append(kind.mimeType()).append(": <").append(kilobytes(size)).append("k>\r\n");
        abstractText.ifPresent(text -> {
            block.append("+ABSTRACT:\r\n");
            text.lines().forEach(line -> block.append(' ').append(line).append("\r\n"));
        });
        return block.toString();
    }

    /** The Gopher+ date form: a readable date, then the sortable stamp in angle brackets. */
    static String modDate(Instant instant) {
        return HUMAN.format(instant) + " <" + STAMP.format(instant) + ">";
    }

    /** Sizes in +VIEWS are whole kilobytes, rounded up, so that a small file does not read as empty. */
    static long kilobytes(long bytes) {
        return (bytes + 1023) / 1024;
    }
}
