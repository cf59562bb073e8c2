package io.inetkit.it.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image against servers whose replies, names, reason phrases and menus carry escape
 * sequences, NUL, DEL and C1 bytes: the bytes it writes to standard output and error hold no
 * control a terminal would obey, and show what the server sent, escaped.
 */
class HostileServersTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static void assertNoControls(ImageRun.Finished run) {
        run.firstControl().ifPresent(found -> {
            throw new AssertionError(found + "\n" + run.describe());
        });
    }

    @Test
    void ftpListingNamesWithEscNulDelAndC1AreEscaped() {
        byte[] listing = concat(
                "-rw-r--r-- 1 u g 5 Jan 01  2026 retitle\u001b]0;pwned\u0007.txt\r\n",
                "-rw-r--r-- 1 u g 5 Jan 01  2026 nul\u0000del\u007fclear\u001b[2J.txt\r\n",
                "-rw-r--r-- 1 u g 5 Jan 01  2026 csi\u009b2Jutf8.txt\r\n",
                "-rw-r--r-- 1 u g 5 Jan 01  2026 tab\there.txt\r\n",
                "-rw-r--r-- 1 u g 5 Jan 01  2026 café 日本 😀.txt\r\n");
        // A lone 0x9B byte, the 8-bit CSI, which is not UTF-8.
        listing = concat(listing, "-rw-r--r-- 1 u g 5 Jan 01  2026 raw".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0x9b}, "2J.txt\r\n".getBytes(StandardCharsets.UTF_8));
        try (RawServer server = RawServer.start(new ScriptedFtp().listing(listing))) {
            ImageRun.Finished ls = ImageRun.of("ls", "ftp://" + server.authority() + "/").run(TIMEOUT);
            assertEquals(0, ls.status(), ls.describe());
            assertNoControls(ls);
            List<String> lines = ls.stdoutText().lines().toList();
            assertEquals(6, lines.size(), ls.describe());
            assertTrue(lines.get(0).endsWith(" retitle\\x1b]0;pwned\\x07.txt"), ls.describe());
            assertTrue(lines.get(1).endsWith(" nul\\x00del\\x7fclear\\x1b[2J.txt"), ls.describe());
            assertTrue(lines.get(2).endsWith(" csi\\x9b2Jutf8.txt"), ls.describe());
            assertTrue(lines.get(3).endsWith(" tab\\there.txt"), ls.describe());
            assertTrue(lines.get(4).endsWith(" café 日本 😀.txt"), ls.describe());
            // The provider reads names as UTF-8: the lone byte arrives as U+FFFD, shown as it is.
            assertTrue(lines.get(5).endsWith(" raw\ufffd2J.txt"), ls.describe());
            assertEquals("", ls.stderrText());
        }
    }

    @Test
    void anFtpRefusalQuotingEscapesIsOneLineOfDataAndItsReplyIsCut() {
        StringBuilder reply = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            reply.append("550-\u001b[31mline ").append(i).append(" \u001b]0;pwned\u0007\u0000\u009b2J\r\n");
        }
        reply.append("550 \u001b[2JNo such file");
        try (RawServer server = RawServer.start(new ScriptedFtp().reply("RETR", reply.toString())
                .reply("SIZE", "550 \u001b[2JNo such file"))) {
            Path file = dir.resolve("missing.txt");
            ImageRun.Finished get = ImageRun.of("get", "ftp://" + server.authority() + "/missing.txt", "-o",
                    file.toString()).run(TIMEOUT);
            assertEquals(78, get.status(), get.describe());
            assertNoControls(get);
            List<String> lines = get.stderrText().lines().toList();
            assertTrue(lines.get(0).startsWith("inetkit: ERROR_"), get.describe());
            assertTrue(lines.size() <= 1 + 16, "at most 16 lines of the reply: " + get.describe());
            assertTrue(lines.get(1).startsWith("inetkit: server said: 550-\\x1b[31mline 0 \\x1b]0;pwned\\x07\\x00\\x9b2J"),
                    get.describe());
            assertTrue(lines.get(lines.size() - 1).matches("inetkit: server said: .*\\.\\.\\. \\[[0-9,]+ more characters]"),
                    get.describe());
            assertTrue(get.stderr().length < 16 * 4096, get.stderr().length + " bytes");
            assertFalse(Files.exists(file));
        }
    }

    @Test
    void verboseEventsCarryTheGreetingAsData() {
        try (RawServer server = RawServer.start(new ScriptedFtp()
                .greeting("220-\u001b]0;pwned\u0007Welcome\u0000\r\n220 \u001b[2J\u009b2Jready")
                .listing("-rw-r--r-- 1 u g 5 Jan 01  2026 a.txt\r\n"))) {
            ImageRun.Finished ls = ImageRun.of("ls", "-v", "ftp://" + server.authority() + "/").run(TIMEOUT);
            assertEquals(0, ls.status(), ls.describe());
            assertNoControls(ls);
            assertTrue(ls.stderrText().contains("\\x1b]0;pwned\\x07Welcome\\x00 220 \\x1b[2J\\x9b2Jready"),
                    ls.describe());
        }
    }

    @Test
    void anHttpReasonPhraseWithEscapesIsData() {
        try (RawServer server = RawServer.start(c -> {
            c.readHead();
            c.sendLatin1("HTTP/1.1 404 \u001b]0;pwned\u0007Not\u0000 Found\u009b2J\u007f\r\n"
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n");
        })) {
            Path file = dir.resolve("f");
            ImageRun.Finished get = ImageRun.of("get", "-f", "http://" + server.authority() + "/x", "-o", file.toString())
                    .run(TIMEOUT);
            assertEquals(22, get.status(), get.describe());
            assertNoControls(get);
            assertTrue(get.stderrText().contains("404 \\x1b]0;pwned\\x07Not\\x00 Found\\x9b2J\\x7f"), get.describe());
            assertFalse(Files.exists(file));
        }
    }

    @Test
    void anHttpReasonPhraseInUtf8IsShownAsWrittenAndALongOneIsCut() {
        try (RawServer server = RawServer.start(c -> {
            c.readHead();
            c.send("HTTP/1.1 500 Não é possível 😀 \u009b2J " + "z".repeat(12_000) + "\r\n"
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n");
        })) {
            ImageRun.Finished get = ImageRun.of("get", "-f", "http://" + server.authority() + "/x").run(TIMEOUT);
            assertEquals(22, get.status(), get.describe());
            assertNoControls(get);
            assertTrue(get.stderrText().contains("500 Não é possível 😀 \\x9b2J zzz"), get.describe());
            String line = get.stderrText().lines().findFirst().orElseThrow();
            assertTrue(line.matches(".*z\\.\\.\\. \\[[0-9],[0-9]{3} more characters]"), line);
            assertTrue(line.length() < 4096 + 100, line.length() + " characters");
        }
    }

    @Test
    void aGopherMenuIsDataFieldByField() {
        try (RawServer server = RawServer.start(c -> {
            c.readLine();
            c.send("i\u001b[2J\u001b[Hinetkit: forged\tfake\t(NULL)\t0\r\n"
                    + "0caf\u00e9 \u009b31m\u007f red\t/doc\u001b]0;t\u0007\t127.0.0.1\t70\r\n"
                    + "1URL link\tURL:http://x/\u001b[1m\t127.0.0.1\t70\r\n"
                    + "3\u001b[5mgone\t\terror.host\t1\r\n.\r\n");
        })) {
            ImageRun.Finished ls = ImageRun.of("ls", "gopher://" + server.authority() + "/1/").run(TIMEOUT);
            assertEquals(0, ls.status(), ls.describe());
            assertNoControls(ls);
            List<String> lines = ls.stdoutText().lines().toList();
            assertEquals(List.of("i\t\\x1b[2J\\x1b[Hinetkit: forged",
                    "0\tcafé \\x9b31m\\x7f red\tgopher://127.0.0.1/0/doc%1B%5D0%3Bt%07",
                    "1\tURL link\thttp://x/\\x1b[1m",
                    "3\t\\x1b[5mgone"), lines, ls.describe());
        }
    }

    @Test
    void aGopherErrorIsData() {
        try (RawServer server = RawServer.start(c -> {
            c.readLine();
            c.send("3\u001b]0;pwned\u0007Gone\u0000 away\u009b2J\t\terror.host\t1\r\n.\r\n");
        })) {
            Path file = dir.resolve("f");
            ImageRun.Finished get = ImageRun.of("get", "gopher://" + server.authority() + "/0/gone", "-o",
                    file.toString()).run(TIMEOUT);
            assertEquals(78, get.status(), get.describe());
            assertNoControls(get);
            assertTrue(get.stderrText().contains("\\x1b]0;pwned\\x07Gone\\x00 away\\x9b2J"), get.describe());
            assertFalse(Files.exists(file));
        }
    }

    private static byte[] concat(String... parts) {
        StringBuilder all = new StringBuilder();
        for (String part : parts) {
            all.append(part);
        }
        return all.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
