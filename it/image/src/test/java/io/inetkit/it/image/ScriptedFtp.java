package io.inetkit.it.image;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Just enough of an FTP server, played on a {@link RawServer}, to log in anonymously, list a
 * directory and send a file in passive mode, whose every reply and listing line a test can set to
 * whatever bytes it needs: what a real server (MINA, vsftpd) cannot be made to say.
 *
 * <pre>{@code
 * ScriptedFtp ftp = new ScriptedFtp()
 *         .reply("RETR", "550 \u001b]0;pwned\u0007No such file")
 *         .listing("-rw-r--r-- 1 u g 5 Jan 01 2026 evil\u001b[2J.txt\r\n");
 * try (RawServer server = RawServer.start(ftp)) {
 *     ImageRun.of("ls", "ftp://" + server.authority() + "/").run(Duration.ofSeconds(20));
 * }
 * }</pre>
 *
 * <p>It advertises UTF8 and SIZE but not MLST, so that clients list with {@code LIST} and read the
 * lines as a Unix {@code ls -l}; it answers {@code EPSV} and {@code PASV} on loopback, and any
 * command it does not know with 502.
 */
final class ScriptedFtp implements RawServer.Script {

    private volatile String greeting = "220 scripted FTP server";
    private final Map<String, String> replies = new ConcurrentHashMap<>();
    private volatile byte[] listing = new byte[0];
    private volatile byte[] file = "hello\n".getBytes(StandardCharsets.UTF_8);

    /** The greeting, without its CR LF; lines of a multi-line one separated by CR LF. */
    ScriptedFtp greeting(String text) {
        this.greeting = text;
        return this;
    }

    /**
     * The whole reply to a command verb ({@code "RETR"}), without its final CR LF, instead of the
     * usual one; for a data command ({@code LIST}, {@code RETR}) no data connection is used then.
     */
    ScriptedFtp reply(String verb, String text) {
        replies.put(verb.toUpperCase(Locale.ROOT), text);
        return this;
    }

    /** What {@code LIST} and {@code NLST} send on the data connection, as UTF-8. */
    ScriptedFtp listing(String lines) {
        this.listing = lines.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** What {@code LIST} and {@code NLST} send on the data connection. */
    ScriptedFtp listing(byte[] lines) {
        this.listing = lines.clone();
        return this;
    }

    /** What {@code RETR} sends, whatever file is asked for. */
    ScriptedFtp file(byte[] content) {
        this.file = content.clone();
        return this;
    }

    @Override
    public void play(RawServer.Conversation c) throws IOException {
        c.send(greeting + "\r\n");
        ServerSocket data = null;
        try {
            String line;
            while ((line = c.readLine()) != null) {
                String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                String scripted = replies.get(verb);
                if (scripted != null) {
                    c.send(scripted + "\r\n");
                    continue;
                }
                switch (verb) {
                    case "USER" -> c.send("331 Any password will do\r\n");
                    case "PASS" -> c.send("230 Logged in\r\n");
                    case "SYST" -> c.send("215 UNIX Type: L8\r\n");
                    case "FEAT" -> c.send("211-Features:\r\n UTF8\r\n SIZE\r\n211 End\r\n");
                    case "PWD" -> c.send("257 \"/\" is the current directory\r\n");
                    case "CWD" -> c.send("250 OK\r\n");
                    case "TYPE", "OPTS", "MODE", "STRU", "NOOP" -> c.send("200 OK\r\n");
                    case "SIZE" -> c.send("213 " + file.length + "\r\n");
                    case "EPSV" -> {
                        data = listen(data);
                        c.send("229 Entering Extended Passive Mode (|||" + data.getLocalPort() + "|)\r\n");
                    }
                    case "PASV" -> {
                        data = listen(data);
                        int port = data.getLocalPort();
                        c.send("227 Entering Passive Mode (127,0,0,1," + (port >> 8) + "," + (port & 0xff) + ")\r\n");
                    }
                    case "LIST", "NLST" -> transfer(c, data, listing);
                    case "RETR" -> transfer(c, data, file);
                    case "QUIT" -> {
                        c.send("221 Bye\r\n");
                        return;
                    }
                    default -> c.send("502 Not implemented\r\n");
                }
            }
        } finally {
            if (data != null) {
                data.close();
            }
        }
    }

    private static ServerSocket listen(ServerSocket previous) throws IOException {
        if (previous != null) {
            previous.close();
        }
        ServerSocket data = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        data.setSoTimeout(10_000);
        return data;
    }

    private static void transfer(RawServer.Conversation c, ServerSocket data, byte[] bytes) throws IOException {
        if (data == null) {
            c.send("425 Use EPSV or PASV first\r\n");
            return;
        }
        c.send("150 Here it comes\r\n");
        try (Socket connection = data.accept(); OutputStream out = connection.getOutputStream()) {
            out.write(bytes);
        }
        c.send("226 Done\r\n");
    }
}
