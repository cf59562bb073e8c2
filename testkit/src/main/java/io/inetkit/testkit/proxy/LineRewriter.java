package io.inetkit.testkit.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/** Cuts a byte stream into lines and passes each through a function; see {@link Fault#rewriteLines}. */
final class LineRewriter {

    private final UnaryOperator<String> function;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    LineRewriter(UnaryOperator<String> function) {
        this.function = function;
    }

    /** The rewritten complete lines that these bytes finish; an unfinished line waits. */
    byte[] feed(byte[] bytes, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 16);
        for (int i = 0; i < length; i++) {
            pending.write(bytes[i]);
            if (bytes[i] == '\n') {
                rewrite(out);
            }
        }
        return out.toByteArray();
    }

    /** The rewritten unfinished line, at the end of the stream. */
    byte[] finish() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (pending.size() > 0) {
            rewrite(out);
        }
        return out.toByteArray();
    }

    private void rewrite(ByteArrayOutputStream out) {
        String raw = pending.toString(StandardCharsets.ISO_8859_1);
        pending.reset();
        String terminator = raw.endsWith("\r\n") ? "\r\n" : raw.endsWith("\n") ? "\n" : "";
        String line = raw.substring(0, raw.length() - terminator.length());
        String rewritten = function.apply(line);
        out.writeBytes((rewritten + terminator).getBytes(StandardCharsets.ISO_8859_1));
    }
}
