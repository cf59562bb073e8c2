package io.inetkit.testkit.script;

import io.inetkit.testkit.TestServer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An FTP server on raw sockets that answers each command from a script, byte for byte, so that a
 * test can send what no real server would: replies that never end or trickle, lines of any length,
 * listings and downloads longer than announced. It starts from happy defaults (a login, {@code SIZE}
 * and {@code UTF8} in {@code FEAT}, a one-line listing, a five-byte file), and a test replaces the
 * replies it needs.
 *
 * <pre>{@code
 * @StartStop final ScriptedFtpServer ftp = ScriptedFtpServer.create();
 *
 * @Test void anEndlessListingCanBeAbandoned() throws Exception {
 *     ftp.data(Reply.endless(i -> "-rw-r--r-- 1 ftp ftp 5 Jan 01 2020 f" + i + "\r\n"));
 *     try (FtpSession session = connect(ftp.port());
 *          Stream<FtpEntry> entries = session.listStream("")) {
 *         entries.limit(10).forEach(System.out::println);
 *     }
 *     assertTrue(ftp.awaitDataCut(Duration.ofSeconds(5)));
 * }
 * }</pre>
 *
 * <p>It serves one client at a time. A reply of a transfer command ({@code LIST}, {@code MLSD},
 * {@code NLST}, {@code RETR}, {@code STOR}) given as text that starts with a {@code 1xx} line is
 * split there: the first line is sent, the data connection is served on the one passive port (the
 * {@linkplain #data data} for a download or a listing; an upload is read and dropped), then the rest.
 * When the client closes the data connection while the server still sends, the rest is
 * {@code 426} instead, as real servers answer, and {@link #awaitDataCut} sees it.
 *
 * <p>With {@link #tls}, it speaks implicit FTPS: TLS from the first byte of every connection.
 */
public final class ScriptedFtpServer implements TestServer {

    /** The pseudo-command whose reply is sent when a client connects. */
    public static final String GREETING = "GREETING";

    private static final Set<String> TRANSFERS = Set.of("LIST", "MLSD", "NLST", "RETR", "STOR");
    private static final int MAX_COMMAND_BYTES = 64 * 1024;
    /** How long the passive port waits for the client to connect, and reads an upload. */
    private static final int DATA_TIMEOUT_MILLIS = 3_000;

    /** A reply, and for a transfer what follows the data connection; {@link #CLOSE} closes the connection. */
    private record Step(Reply before, Reply after) {
    }

    private static final Step CLOSE = new Step(out -> { }, null);

    private final Map<String, Step> steps = new ConcurrentHashMap<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private volatile Reply data = Reply.text("-rw-r--r-- 1 ftp ftp 5 Jan 01 2020 a.txt\r\n");
    private volatile SSLContext tls;
    private volatile ServerSocket control;
    private volatile ServerSocket passive;
    private volatile Socket client;
    private volatile Socket dataSocket;
    private volatile Thread thread;
    private volatile boolean closed;
    private final Cuts dataCuts = new Cuts();

    private ScriptedFtpServer() {
        reply(GREETING, "220 scripted\r\n");
        reply("USER", "331 password please\r\n");
        reply("PASS", "230 in\r\n");
        reply("FEAT", "211-Features:\r\n SIZE\r\n UTF8\r\n211 End\r\n");
        reply("OPTS", "200 ok\r\n");
        reply("TYPE", "200 ok\r\n");
        reply("SYST", "215 UNIX Type: L8\r\n");
        reply("PWD", "257 \"/\" is here\r\n");
        reply("CWD", "250 ok\r\n");
        reply("NOOP", "200 ok\r\n");
        reply("PBSZ", "200 PBSZ=0\r\n");
        reply("PROT", "200 ok\r\n");
        reply("SIZE", "213 5\r\n");
        reply("LIST", "150 here\r\n226 done\r\n");
        reply("MLSD", "150 here\r\n226 done\r\n");
        reply("NLST", "150 here\r\n226 done\r\n");
        reply("RETR", "150 here (5 bytes)\r\n226 done\r\n");
        reply("STOR", "150 go\r\n226 done\r\n");
        reply("DELE", "250 ok\r\n");
        reply("MKD", "257 \"/d\" made\r\n");
        reply("QUIT", "221 bye\r\n");
    }

    /** A server with the default script, not started yet: start it, or let {@code @StartStop} do it. */
    public static ScriptedFtpServer create() {
        return new ScriptedFtpServer();
    }

    /**
     * Replaces the reply to {@code verb} (upper case, or {@link #GREETING}); {@code null} closes the
     * connection instead of answering. A transfer command's text reply that starts with a {@code 1xx}
     * line is split around the data connection (see the class comment). Any command without a reply
     * gets {@code 502}. {@code EPSV} and {@code PASV} default to the passive port.
     */
    public ScriptedFtpServer reply(String verb, String text) {
        Objects.requireNonNull(verb, "verb");
        if (text == null) {
            steps.put(verb, CLOSE);
            return this;
        }
        int split = text.indexOf('\n') + 1;
        if (TRANSFERS.contains(verb) && text.startsWith("1") && split > 0 && split < text.length()) {
            steps.put(verb, new Step(Reply.text(text.substring(0, split)), Reply.text(text.substring(split))));
        } else {
            steps.put(verb, new Step(Reply.text(text), null));
        }
        return this;
    }

    /** Replaces the reply to {@code verb} with bytes, split as {@link #reply(String, String)} splits text. */
    public ScriptedFtpServer reply(String verb, byte[] bytes) {
        return reply(verb, bytes == null ? null : new String(bytes, StandardCharsets.ISO_8859_1));
    }

    /** Replaces the reply to {@code verb} with {@code reply}, which opens no data connection. */
    public ScriptedFtpServer reply(String verb, Reply reply) {
        steps.put(Objects.requireNonNull(verb, "verb"), new Step(Objects.requireNonNull(reply, "reply"), null));
        return this;
    }

    /** What a listing or a download sends on the data connection. */
    public ScriptedFtpServer data(Reply data) {
        this.data = Objects.requireNonNull(data, "data");
        return this;
    }

    /** What a listing or a download sends on the data connection, as ISO-8859-1 bytes. */
    public ScriptedFtpServer data(String text) {
        return data(Reply.text(text));
    }

    /**
     * Implicit FTPS from now on: every connection starts with a TLS handshake, the server's side of
     * {@code context} (such as {@code TestCertificate.localhost().serverContext()}).
     */
    public ScriptedFtpServer tls(SSLContext context) {
        this.tls = Objects.requireNonNull(context, "context");
        return this;
    }

    @Override
    public synchronized void start() throws IOException {
        if (control != null) {
            throw new IllegalStateException("the scripted FTP server was started before");
        }
        passive = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        passive.setSoTimeout(DATA_TIMEOUT_MILLIS);
        control = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "scripted-ftp-" + control.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public InetSocketAddress address() {
        ServerSocket socket = control;
        if (socket == null) {
            throw new IllegalStateException("the scripted FTP server has not been started");
        }
        return new InetSocketAddress(socket.getInetAddress(), socket.getLocalPort());
    }

    /** The port of the data connections, which the default {@code EPSV} and {@code PASV} replies name. */
    public int passivePort() {
        address();
        return passive.getLocalPort();
    }

    /** The verbs received so far, in order, upper case; arguments are left out (a password among them). */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /**
     * Whether a client closed a data connection while the server was still sending on it, or does so
     * within {@code timeout}.
     */
    public boolean awaitDataCut(Duration timeout) throws InterruptedException {
        return dataCuts.await(timeout);
    }

    private void serve() {
        while (!closed) {
            try (Socket accepted = control.accept()) {
                client = accepted;
                accepted.setSoTimeout(10_000);
                converse(secured(accepted));
            } catch (IOException e) {
                // the client went away, or close()
            }
        }
    }

    private void converse(Socket socket) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        if (step(GREETING) == CLOSE) {
            return;
        }
        send(out, step(GREETING).before());
        String line;
        while ((line = readLine(in)) != null) {
            String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
            commands.add(verb);
            Step step = step(verb);
            if (step == CLOSE) {
                return;
            }
            send(out, step.before());
            if (step.after() != null) {
                boolean cut = transfer(verb);
                send(out, cut ? Reply.text("426 the client closed the data connection\r\n") : step.after());
            }
            if (verb.equals("QUIT")) {
                return;
            }
        }
    }

    private Step step(String verb) {
        Step step = steps.get(verb);
        if (step != null) {
            return step;
        }
        int port = passive.getLocalPort();
        return new Step(Reply.text(switch (verb) {
            case "EPSV" -> "229 Entering Extended Passive Mode (|||" + port + "|)\r\n";
            case "PASV" -> "227 Entering Passive Mode (127,0,0,1," + (port >> 8) + "," + (port & 0xff) + ")\r\n";
            default -> "502 not scripted\r\n";
        }), null);
    }

    /** Serves one data connection; returns whether the client cut it while the server was sending. */
    private boolean transfer(String verb) {
        try (Socket plain = passive.accept(); Socket socket = secured(plain)) {
            dataSocket = plain;
            socket.setSoTimeout(DATA_TIMEOUT_MILLIS);
            if (verb.equals("STOR")) {
                socket.getInputStream().transferTo(OutputStream.nullOutputStream());
                return false;
            }
            try {
                send(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024), data);
                return false;
            } catch (IOException e) {
                if (!closed) {
                    dataCuts.add();
                }
                return true;
            }
        } catch (SocketTimeoutException e) {
            return false; // the client never came: it gave up on the reply
        } catch (IOException e) {
            return false; // the upload ended badly: the client's matter
        }
    }

    /** The socket, under TLS when the server speaks it. */
    private Socket secured(Socket plain) throws IOException {
        SSLContext context = tls;
        if (context == null) {
            return plain;
        }
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, null, plain.getPort(), true);
        socket.setUseClientMode(false);
        return socket;
    }

    private static void send(OutputStream out, Reply reply) throws IOException {
        reply.writeTo(out);
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8).strip();
            }
            if (line.size() < MAX_COMMAND_BYTES) {
                line.write(b);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        for (AutoCloseable socket : new AutoCloseable[] {control, passive, client, dataSocket}) {
            if (socket != null) {
                try {
                    socket.close();
                } catch (Exception e) {
                    // closing anyway
                }
            }
        }
        Thread serving = thread;
        if (serving != null) {
            serving.interrupt(); // a trickling reply sleeps between its pieces
            try {
                serving.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        ServerSocket socket = control;
        return "ScriptedFtpServer[" + (socket == null ? "not started" : "127.0.0.1:" + socket.getLocalPort()) + "]";
    }
}
