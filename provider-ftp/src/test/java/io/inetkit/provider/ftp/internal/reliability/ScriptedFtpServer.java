package io.inetkit.provider.ftp.internal.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An FTP server on a raw socket that answers each command from a script, byte for byte, so a test
 * can send replies no real server would: the happy defaults below, with any reply replaced. One
 * client at a time; a reply of {@code null} closes the connection. A passive data listener serves
 * {@link #data} for LIST, MLSD and RETR. It counts every byte and connection it receives.
 */
final class ScriptedFtpServer implements AutoCloseable {

    /** The verb whose reply a case replaces, or {@code DATA} for the data connection's bytes. */
    static final String DATA = "DATA";
    static final String GREETING = "GREETING";

    private final ServerSocket control;
    private final ServerSocket passive;
    private final Map<String, byte[]> replies = new HashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger bytesReceived = new AtomicInteger();
    private final Thread thread;
    private volatile byte[] data = "-rw-r--r-- 1 ftp ftp 5 Jan 01 2020 a.txt\r\n".getBytes(StandardCharsets.US_ASCII);
    private volatile boolean closed;

    ScriptedFtpServer() throws IOException {
        control = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        passive = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        passive.setSoTimeout(3_000);
        int p = passive.getLocalPort();
        reply(GREETING, "220 scripted\r\n");
        reply("USER", "331 password please\r\n");
        reply("PASS", "230 in\r\n");
        reply("FEAT", "211-Features:\r\n SIZE\r\n UTF8\r\n211 End\r\n");
        reply("OPTS", "200 ok\r\n");
        reply("TYPE", "200 ok\r\n");
        reply("SYST", "215 UNIX Type: L8\r\n");
        reply("PWD", "257 \"/\" is here\r\n");
        reply("CWD", "250 ok\r\n");
        reply("SIZE", "213 5\r\n");
        reply("EPSV", "229 Entering Extended Passive Mode (|||" + p + "|)\r\n");
        reply("PASV", "227 Entering Passive Mode (127,0,0,1," + (p >> 8) + "," + (p & 0xff) + ")\r\n");
        reply("LIST", "150 here\r\n226 done\r\n");
        reply("MLSD", "150 here\r\n226 done\r\n");
        reply("RETR", "150 here (5 bytes)\r\n226 done\r\n");
        reply("STOR", "150 go\r\n226 done\r\n");
        reply("DELE", "250 ok\r\n");
        reply("MKD", "257 \"/d\" made\r\n");
        reply("QUIT", "221 bye\r\n");
        thread = new Thread(this::serve, "scripted-ftp-" + control.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    ScriptedFtpServer reply(String verb, String text) {
        return reply(verb, text == null ? null : text.getBytes(StandardCharsets.ISO_8859_1));
    }

    ScriptedFtpServer reply(String verb, byte[] bytes) {
        if (verb.equals(DATA)) {
            data = bytes;
        } else {
            replies.put(verb, bytes);
        }
        return this;
    }

    int port() {
        return control.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    int bytesReceived() {
        return bytesReceived.get();
    }

    private void serve() {
        while (!closed) {
            try (Socket client = control.accept()) {
                connections.incrementAndGet();
                client.setSoTimeout(10_000);
                converse(client);
            } catch (IOException e) {
                // the client went away, or close()
            }
        }
    }

    private void converse(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        if (!send(out, replies.get(GREETING))) {
            return;
        }
        String line;
        while ((line = readLine(in)) != null) {
            String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
            byte[] reply = replies.containsKey(verb) ? replies.get(verb) : "502 no\r\n".getBytes(StandardCharsets.US_ASCII);
            if (reply == null) {
                return;
            }
            boolean transfer = verb.equals("LIST") || verb.equals("MLSD") || verb.equals("RETR") || verb.equals("NLST")
                    || verb.equals("STOR");
            String text = new String(reply, StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\n") + 1;
            if (transfer && text.startsWith("1") && split > 0 && split < text.length()) {
                send(out, text.substring(0, split).getBytes(StandardCharsets.ISO_8859_1));
                transfer(verb);
                send(out, text.substring(split).getBytes(StandardCharsets.ISO_8859_1));
            } else if (!send(out, reply)) {
                return;
            }
            if (verb.equals("QUIT")) {
                return;
            }
        }
    }

    private void transfer(String verb) {
        try (Socket socket = passive.accept()) {
            socket.setSoTimeout(3_000);
            if (verb.equals("STOR")) {
                socket.getInputStream().transferTo(OutputStream.nullOutputStream());
            } else {
                socket.getOutputStream().write(data);
            }
        } catch (SocketTimeoutException e) {
            // the client never came: it gave up on the reply
        } catch (IOException e) {
            // the client closed early
        }
    }

    private static boolean send(OutputStream out, byte[] bytes) throws IOException {
        if (bytes == null) {
            return false;
        }
        out.write(bytes);
        out.flush();
        return true;
    }

    private String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            bytesReceived.incrementAndGet();
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8).strip();
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        control.close();
        passive.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
