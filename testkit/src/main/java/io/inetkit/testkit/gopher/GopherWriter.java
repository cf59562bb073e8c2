package io.inetkit.testkit.gopher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes the three shapes of a Gopher reply: a menu, a text file and a binary file. */
final class GopherWriter {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] END = {'.', '\r', '\n'};

    private GopherWriter() {
    }

    static void menu(OutputStream out, List<GopherItem> items, String host, int port) throws IOException {
        StringBuilder menu = new StringBuilder();
        for (GopherItem item : items) {
            menu.append(item.menuLine(host, port));
        }
        menu.append(".\r\n");
        out.write(menu.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void line(OutputStream out, String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write(CRLF);
    }

    /**
     * Sends text the RFC 1436 way: every line ends with CR LF, a line that starts with a period gets
     * a second one, and a period alone on a line ends the text. The bytes of each line are copied
     * as they are, whatever their encoding.
     */
    static void text(OutputStream out, InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n') {
                    writeStuffedLine(out, line);
                } else {
                    line.write(b);
                }
            }
        }
        if (line.size() > 0) {
            writeStuffedLine(out, line);
        }
        out.write(END);
    }

    private static void writeStuffedLine(OutputStream out, ByteArrayOutputStream line) throws IOException {
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        if (length > 0 && bytes[0] == '.') {
            out.write('.');
        }
        out.write(bytes, 0, length);
        out.write(CRLF);
        line.reset();
    }
}
