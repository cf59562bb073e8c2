package io.inetkit.testkit.ftp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A minimal FTP client over raw sockets, so that tests see the server's exact replies. Every
 * socket has a read timeout; nothing here can wait forever.
 */
final class RawFtp implements AutoCloseable {

    /** A reply: its code and full text. */
    record Reply(int code, String text) {
    }

    private static final int TIMEOUT_MS = 10_000;
    private static final Pattern PASV = Pattern.compile("\\((\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\)");

    private final String host;
    private Socket socket;
    private BufferedReader in;
    private OutputStream out;
    private SSLContext dataTls;
    private final Reply greeting;
    private InetSocketAddress lastPassive;

    private RawFtp(Socket socket, String host) throws IOException {
        this.host = host;
        use(socket);
        this.greeting = read();
    }

    /** Connects in plain FTP and reads the greeting. */
    static RawFtp connect(TestFtpServer server) throws IOException {
        Socket socket = new Socket();
        socket.connect(server.address(), TIMEOUT_MS);
        return new RawFtp(socket, server.host());
    }

    /** Connects with TLS from the first byte (implicit FTPS) and reads the greeting. */
    static RawFtp connectImplicit(TestFtpServer server, SSLContext tls) throws IOException {
        Socket plain = new Socket();
        plain.connect(server.address(), TIMEOUT_MS);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, server.host(), server.port(), true);
        socket.setSoTimeout(TIMEOUT_MS);
        socket.startHandshake();
        RawFtp ftp = new RawFtp(socket, server.host());
        ftp.dataTls = tls;
        return ftp;
    }

    private void use(Socket s) throws IOException {
        s.setSoTimeout(TIMEOUT_MS);
        socket = s;
        in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        out = s.getOutputStream();
    }

    Reply greeting() {
        return greeting;
    }

    Socket controlSocket() {
        return socket;
    }

    /** Sends a command and reads its reply. */
    Reply send(String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read();
    }

    /** Reads one reply, multi-line ones included (RFC 959, 4.2). */
    Reply read() throws IOException {
        String first = in.readLine();
        if (first == null) {
            throw new IOException("control connection closed by the server");
        }
        StringBuilder text = new StringBuilder(first);
        if (first.length() > 3 && first.charAt(3) == '-') {
            String end = first.substring(0, 3) + " ";
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    throw new IOException("control connection closed inside a multi-line reply");
                }
                text.append('\n').append(line);
            } while (!line.startsWith(end));
        }
        return new Reply(Integer.parseInt(first.substring(0, 3)), text.toString());
    }

    /** Logs in and returns the reply to PASS (or to USER if it was final). */
    Reply login(String user, String password) throws IOException {
        Reply reply = send("USER " + user);
        return reply.code() == 331 ? send("PASS " + password) : reply;
    }

    /** AUTH TLS, then turns the control connection into TLS; PBSZ 0 and PROT P protect data. */
    Reply authTls(SSLContext tls) throws IOException {
        Reply reply = send("AUTH TLS");
        if (reply.code() != 234) {
            return reply;
        }
        SSLSocket secured = (SSLSocket) tls.getSocketFactory().createSocket(socket, host, socket.getPort(), true);
        secured.startHandshake();
        use(secured);
        dataTls = tls;
        return reply;
    }

    InetSocketAddress lastPassive() {
        return lastPassive;
    }

    /** Runs a transfer command over a passive data connection and returns what came down it. */
    Transfer passive(String command, byte[] upload) throws IOException {
        Reply pasv = send("PASV");
        if (pasv.code() != 227) {
            return new Transfer(pasv, null, null);
        }
        Matcher m = PASV.matcher(pasv.text());
        if (!m.find()) {
            throw new IOException("cannot parse " + pasv.text());
        }
        String address = m.group(1) + "." + m.group(2) + "." + m.group(3) + "." + m.group(4);
        int port = Integer.parseInt(m.group(5)) * 256 + Integer.parseInt(m.group(6));
        lastPassive = new InetSocketAddress(InetAddress.getByName(address), port);
        try (Socket data = new Socket()) {
            data.connect(lastPassive, TIMEOUT_MS);
            data.setSoTimeout(TIMEOUT_MS);
            Reply start = send(command);
            if (start.code() >= 400) {
                return new Transfer(start, null, null);
            }
            return exchange(start, secure(data, false), upload);
        }
    }

    /** Runs a transfer command over an active (PORT) data connection. */
    Transfer active(String command, byte[] upload) throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(TIMEOUT_MS);
            int port = listener.getLocalPort();
            Reply portReply = send("PORT 127,0,0,1," + (port >> 8) + "," + (port & 0xff));
            if (portReply.code() != 200) {
                return new Transfer(portReply, null, null);
            }
            Reply start = send(command);
            if (start.code() >= 400) {
                return new Transfer(start, null, null);
            }
            try (Socket data = listener.accept()) {
                data.setSoTimeout(TIMEOUT_MS);
                // In active mode the server connects, but TLS roles stay: the server is the TLS server.
                return exchange(start, secure(data, false), upload);
            }
        }
    }

    private Socket secure(Socket data, boolean serverMode) throws IOException {
        if (dataTls == null || !protectData) {
            return data;
        }
        SSLSocket secured = (SSLSocket) dataTls.getSocketFactory().createSocket(data, host, data.getPort(), false);
        secured.setUseClientMode(!serverMode);
        secured.startHandshake();
        return secured;
    }

    private boolean protectData;

    /** Sends PBSZ 0 and PROT P; data connections are TLS from then on. */
    Reply protectData() throws IOException {
        Reply pbsz = send("PBSZ 0");
        if (pbsz.code() != 200) {
            return pbsz;
        }
        Reply prot = send("PROT P");
        protectData = prot.code() == 200;
        return prot;
    }

    /** For implicit FTPS, where data connections are TLS without PROT P. */
    void dataIsTls() {
        protectData = true;
    }

    private Transfer exchange(Reply start, Socket data, byte[] upload) throws IOException {
        byte[] received;
        if (upload != null) {
            OutputStream dataOut = data.getOutputStream();
            dataOut.write(upload);
            dataOut.flush();
            data.close();
            received = new byte[0];
        } else {
            try (InputStream dataIn = data.getInputStream()) {
                received = dataIn.readAllBytes();
            }
            data.close();
        }
        return new Transfer(start, read(), received);
    }

    /**
     * What a transfer produced: the preliminary reply, the final one (null if refused at once)
     * and the data received (null if none).
     */
    record Transfer(Reply start, Reply end, byte[] data) {
        String text() {
            return data == null ? null : new String(data, StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
