package io.inetkit.provider.ftp.internal;

import io.inetkit.Limits;
import io.inetkit.ProxyConfig;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.ProxiedSocket;
import io.inetkit.spi.ProxyRoute;
import io.inetkit.spi.Sockets;
import io.inetkit.spi.TlsSupport;
import io.inetkit.toolbox.WriteWatchdog;
import io.inetkit.toolbox.ZeroCopy;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.charset.Charset;
import java.time.Duration;
import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.apache.commons.net.MalformedServerReplyException;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPConnectionClosedException;

/**
 * Commons Net's {@link FTPClient} with TLS done the way inetkit wants it, on both the control and
 * the data connections.
 *
 * <p>Why not {@code FTPSClient}: it verifies neither the host name nor (by default) the certificate,
 * it names the TLS peer by IP address, and it cannot resume the control connection's TLS session on
 * data connections, which vsftpd requires by default ({@code require_ssl_reuse=YES}: "522 SSL
 * connection failed; session reuse required"). Doing TLS here costs little code.
 *
 * <p>How data connections resume the control session without touching JDK internals: the JDK's
 * client session cache is keyed by the peer's host and port, and a socket layered with
 * {@link javax.net.ssl.SSLSocketFactory#createSocket(Socket, String, int, boolean)} takes its host
 * from the argument and its port from the underlying socket's {@link Socket#getPort()}. Data
 * sockets are therefore made as {@link KeyedSocket}s that report the control connection's port, and
 * layered with the control connection's host name, from the same {@link SSLContext}: the JDK looks
 * up the control connection's session (a TLS 1.2 session id or ticket, or a TLS 1.3 pre-shared key)
 * and offers it. Only public API is used, so this works on every JDK from 17 on; the cost is that
 * {@code getPort()} of a data socket lies, which nothing in this provider relies on.
 *
 * <p>Two more things make reuse last for a whole session. TLS 1.3 tickets are single-use, and the
 * fresh ones a server sends on an upload's data connection are taken in by {@link TlsDataSocket}.
 * TLS 1.2 against vsftpd cannot work with the JDK's default context: offered the ticket extension,
 * vsftpd sends no session id and a ticket that never expires, which the JDK discards (it keeps
 * tickets of at most 7 days). The contexts the API makes from a {@link io.inetkit.Trust} therefore
 * offer no tickets, and resume TLS 1.2 by session id; with a context of the caller's own that offers
 * them, the {@code 522} reply becomes an error that names the remedy.
 *
 * <p>Replies are read by a {@link ReplyReader}, which bounds each by the {@code Internet}'s
 * {@link Limits} and its time by the read time-out; Commons Net's own line reader is replaced before
 * it reads the greeting.
 *
 * <p>All sockets of a connection are made here ({@link KeyedSocketFactory},
 * {@link KeyedServerSocketFactory}), and {@link #cutConnections()} is the one way to end them from
 * another thread.
 *
 * <p>Through a proxy, every socket it makes is a {@link ProxiedSocket} that goes to the server by
 * the name it was given: the control connection, and the passive data connections too, whatever
 * address PASV named or EPSV implied (Commons Net takes EPSV's host from the control socket, which
 * is then the proxy's). TLS is layered over the tunnel and verified for that name.
 */
final class ProtectedFtpClient extends FTPClient {

    /** Where TLS starts. */
    enum Tls {
        /** Plain FTP. */
        NONE,
        /** Implicit FTPS: TLS from the first byte. */
        IMPLICIT,
        /** Explicit FTPS: {@code AUTH TLS} after the greeting. */
        EXPLICIT
    }

    private final ConnectSpec spec;
    private final Tls tls;
    private final SSLContext sslContext;
    private final int handshakeTimeoutMillis;
    /** The commands whose data connection carries an upload (RFC 959). */
    private static final java.util.Set<String> UPLOADS = java.util.Set.of("STOR", "APPE", "STOU");

    private volatile boolean protectData;
    private volatile String authReply = "";
    private volatile String passiveTarget = "the server";
    // The TCP sockets under TLS, closed by cutConnections(): closing an SSLSocket from another thread sends
    // close_notify and may wait for the reader's lock, closing the TCP socket never waits.
    private volatile Socket plainControl;
    private volatile Socket plainData;

    private final KeyedSocketFactory sockets;

    private final WriteWatchdog watchdog;
    private final int writeTimeoutMillis;
    private final ProxyConfig proxy;
    private final Limits limits;
    private volatile boolean zeroCopy; // send local files with sendfile: Internet.Builder.zeroCopy
    private volatile boolean channelWanted; // for the data connection being opened: see openFileUpload
    private volatile ReplyReader replies; // the control connection's, once connected

    ProtectedFtpClient(ConnectSpec spec, Tls tls, SSLContext sslContext, int handshakeTimeoutMillis,
            ProxyConfig proxy, ProviderContext context, WriteWatchdog watchdog, int writeTimeoutMillis, Limits limits) {
        this.spec = spec;
        this.limits = limits;
        this.tls = tls;
        this.sslContext = sslContext;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.watchdog = watchdog;
        this.writeTimeoutMillis = writeTimeoutMillis;
        this.proxy = proxy;
        sockets = new KeyedSocketFactory(proxy, context, spec.host());
        setSocketFactory(sockets);
        setServerSocketFactory(new KeyedServerSocketFactory());
    }

    /** Where the last passive reply said to connect, as used, for error messages. */
    String passiveTarget() {
        return passiveTarget;
    }

    @Override
    protected void _parsePassiveModeReply(String reply) throws MalformedServerReplyException {
        super._parsePassiveModeReply(reply);
        passiveParsed(reply);
    }

    @Override
    protected void _parseExtendedPassiveModeReply(String reply) throws MalformedServerReplyException {
        super._parseExtendedPassiveModeReply(reply);
        passiveParsed(reply);
    }

    /**
     * Commons Net parses the passive reply just before it makes the data socket. A port it cannot be
     * (0, or past 65535) is refused here, before any socket: Commons Net would connect to port 0.
     */
    private void passiveParsed(String reply) throws MalformedServerReplyException {
        int port = getPassivePort();
        if (port < 1 || port > 65_535) {
            throw new MalformedServerReplyException("the passive mode reply names port " + port
                    + ", where no data connection can go; none was made: " + reply.trim());
        }
        passiveTarget = getPassiveHost() + ":" + getPassivePort();
        // The data socket goes as KeyedSocket.connect would send it: a channel only where that is direct.
        // Asked once when the reply names the server's own host, as it mostly does: each asking of
        // the system's proxy selector parses a URI, a cost of every file of a mirror.
        sockets.channelNext = channelWanted
                && ProxyRoute.select(proxy, spec.host(), getPassivePort()).isDirect()
                && (getPassiveHost().equals(spec.host())
                        || ProxyRoute.select(proxy, getPassiveHost(), getPassivePort()).isDirect());
    }

    /**
     * Sends {@code STOR remotePath} and opens its data connection for an upload of a local file:
     * in passive mode, without TLS and without a proxy on the way, the data socket is made from a
     * {@link java.nio.channels.SocketChannel}, so that the file can go out through a direct buffer or
     * with {@code sendfile} ({@link Socket#getChannel()} is then not null); otherwise it is the socket
     * any transfer gets.
     *
     * @return the connected data socket, or {@code null} when the server refused the command
     */
    Socket openFileUpload(String remotePath) throws IOException {
        return openFileData("STOR", remotePath);
    }

    /**
     * Sends {@code RETR remotePath} (after {@code REST} when a restart offset is set) and opens its
     * data connection for a download into a local file, with a channel's socket where
     * {@link #openFileUpload} would make one.
     *
     * @return the connected data socket, or {@code null} when the server refused the command
     */
    Socket openFileDownload(String remotePath) throws IOException {
        return openFileData("RETR", remotePath);
    }

    /**
     * Sends {@code LIST} or {@code MLSD} (of {@code directory}, or of the current one for
     * {@code null}) and opens its data connection, which the caller reads as it goes.
     *
     * @return the connected data socket, or {@code null} when the server refused the command
     */
    Socket openListing(String command, String directory) throws IOException {
        return _openDataConnection_(command, directory);
    }

    private Socket openFileData(String command, String remotePath) throws IOException {
        channelWanted = passivePlain(); // the proxy is checked per data connection: passiveParsed
        try {
            return _openDataConnection_(command, remotePath);
        } finally {
            channelWanted = false;
            sockets.channelNext = false;
        }
    }

    /**
     * Whether a file transfer can take the channel route: passive mode, plain data connections, and
     * no proxy for the server. Where this is false, {@code get} and {@code put} keep Commons Net's
     * stream copies ({@code retrieveFile}, {@code storeFile}).
     */
    boolean channelRoute() {
        return passivePlain() && ProxyRoute.select(proxy, spec.host(), spec.port()).isDirect();
    }

    /** Passive mode with plain data connections: where a data socket can be a channel's. */
    private boolean passivePlain() {
        return !protectData && getDataConnectionMode() == PASSIVE_LOCAL_DATA_CONNECTION_MODE;
    }

    /** Sets whether uploads of local files go out with {@code sendfile}. */
    void zeroCopy(boolean on) {
        this.zeroCopy = on;
    }

    /** Whether uploads of local files go out with {@code sendfile}. */
    boolean zeroCopy() {
        return zeroCopy;
    }

    /** The Internet's write watchdog, which bounds every write of a data connection. */
    WriteWatchdog watchdog() {
        return watchdog;
    }

    /** How long a write of a data connection may make no progress: the read timeout. */
    Duration writeTimeout() {
        return Duration.ofMillis(writeTimeoutMillis);
    }

    /** Whether data connections are to be TLS (after {@code PROT P}). */
    void protectDataConnections(boolean protect) {
        this.protectData = protect;
    }

    /** Whether data connections are TLS. */
    boolean protectsData() {
        return protectData;
    }

    /** The reply to {@code AUTH TLS} when the server refused it. */
    String authReply() {
        return authReply;
    }

    /** The TLS session of the control connection, if there is one. */
    SSLSocket controlTlsSocket() {
        return _socket_ instanceof SSLSocket s ? s : null;
    }

    @Override
    protected void _connectAction_() throws IOException {
        plainControl = _socket_;
        if (tls == Tls.IMPLICIT) {
            _socket_ = layer(_socket_, true);
        }
        replies = replyReader(_socket_);
        // Commons Net waits for the greeting with the connect timeout (NET-385). The TCP connection is
        // made by now, and the greeting is a reply: the read timeout bounds it, as it bounds every
        // reply. Restored after, for the data connections' connects.
        int connectTimeout = getConnectTimeout();
        setConnectTimeout(getDefaultTimeout());
        try {
            // Commons Net wraps this in a line reader of its own, which getReply() replaces before any read.
            super._connectAction_(Reader.nullReader());
        } finally {
            setConnectTimeout(connectTimeout);
        }
        if (tls == Tls.EXPLICIT) {
            int code = sendCommand("AUTH", "TLS");
            if (code != 234) {
                authReply = getReplyString();
                throw new AuthTlsRefusedException(getReplyString());
            }
            _socket_ = layer(_socket_, true);
            _input_ = _socket_.getInputStream();
            _output_ = _socket_.getOutputStream();
            replies = replyReader(_socket_);
            _controlInput_ = replies;
            _controlOutput_ = new BufferedWriter(new OutputStreamWriter(_output_, getControlEncoding()));
        }
    }

    private ReplyReader replyReader(Socket socket) throws IOException {
        return new ReplyReader(socket.getInputStream(), socket, Charset.forName(getControlEncoding()), limits,
                spec.host() + ":" + spec.port());
    }

    /** Every reply Commons Net reads, but for the keep-alive's: see {@link #beginReply()}. */
    @Override
    public int getReply() throws IOException {
        beginReply();
        return super.getReply();
    }

    /** The replies to the NOOPs Commons Net sends during its own copies. */
    @Override
    protected void __getReplyNoReport() throws IOException {
        beginReply();
        super.__getReplyNoReport();
    }

    /**
     * Starts the bounds of a reply. Commons Net's {@code _connectAction_} makes a line reader of its
     * own just before it reads the greeting: the {@link ReplyReader} takes its place here.
     */
    private void beginReply() throws IOException {
        if (replies == null || _controlInput_ == null) {
            throw new FTPConnectionClosedException("the control connection is closed");
        }
        _controlInput_ = replies;
        replies.startReply();
    }

    @Override
    public void disconnect() throws IOException {
        replies = null;
        super.disconnect();
    }

    @Override
    protected Socket _openDataConnection_(String command, String arg) throws IOException {
        Socket socket;
        try {
            socket = super._openDataConnection_(command, arg);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            // Commons Net parses a truncated 229 reply, such as "229 E", with unchecked exceptions,
            // and a port out of range fails after it made the data socket, which it leaves open.
            sockets.closeUnconnected();
            IOException malformed = new MalformedServerReplyException("the passive mode reply makes no sense: "
                    + getReplyString().trim());
            malformed.initCause(e);
            throw malformed;
        }
        plainData = socket;
        if (socket instanceof KeyedSocket keyed) {
            // Before anything, TLS included, takes the socket's output stream.
            keyed.watchWrites(watchdog, writeTimeoutMillis);
        }
        if (socket == null || !protectData) {
            return socket;
        }
        if (socket instanceof KeyedSocket keyed) {
            keyed.reportPort(_socket_.getPort());
        }
        boolean upload = command != null && UPLOADS.contains(command.toUpperCase(java.util.Locale.ROOT));
        return new TlsDataSocket(layer(socket, !upload), socket, upload);
    }

    /**
     * Resets the data and control connections at the TCP level, from any thread, without waiting,
     * and closes a socket still connecting: a thread blocked on any fails at once with a
     * {@link SocketException}.
     */
    void cutConnections() {
        for (Socket socket : new Socket[] {plainData, plainControl}) {
            if (socket != null) {
                Sockets.reset(socket);
            }
        }
        sockets.closeUnconnected(); // a connect in progress, of the control or a data connection, ends too
    }

    /**
     * Layers TLS over a connected socket, verified as {@link TlsSupport#parameters} says, with the
     * handshake bounded by the connect timeout. Closes the socket on failure. Without
     * {@code autoClose} the TLS socket's close leaves the TCP one open (see TlsDataSocket).
     */
    private SSLSocket layer(Socket plain, boolean autoClose) throws IOException {
        try {
            SSLSocket socket = (SSLSocket) sslContext.getSocketFactory()
                    .createSocket(plain, spec.host(), plain.getPort(), autoClose);
            socket.setSSLParameters(TlsSupport.parameters(sslContext, spec));
            socket.setUseClientMode(true);
            int readTimeout = plain.getSoTimeout();
            socket.setSoTimeout(handshakeTimeoutMillis);
            socket.startHandshake();
            socket.setSoTimeout(readTimeout);
            return socket;
        } catch (IOException | RuntimeException e) {
            try {
                plain.close();
            } catch (IOException ignored) {
                // The handshake failure is what matters.
            }
            throw e;
        }
    }

    /** The server refused {@code AUTH TLS}. */
    static final class AuthTlsRefusedException extends IOException {
        AuthTlsRefusedException(String reply) {
            super(reply);
        }
    }

    /**
     * A plain socket whose {@link #getPort()} can report another port: the key under which the
     * JDK caches and looks up TLS sessions. See the class comment.
     */
    static final class KeyedSocket extends ProxiedSocket {
        private final ProxyConfig proxy;
        private final String serverHost;
        private volatile int reportedPort;
        private final Object outputLock = new Object();
        private WriteWatchdog watchdog; // guarded by outputLock
        private int writeTimeoutMillis; // guarded by outputLock
        private OutputStream watchedOutput; // guarded by outputLock
        private volatile boolean established;

        /** An accepted socket. */
        KeyedSocket() {
            super(ProxyConfig.direct());
            this.proxy = ProxyConfig.direct();
            this.serverHost = null;
            this.established = true; // an accepted socket is connected when it is made
        }

        /** A socket to {@code serverHost}, answering the proxy's challenges as the {@code Internet} does. */
        KeyedSocket(ProxyConfig proxy, ProviderContext context, String serverHost) {
            super(proxy, context);
            this.proxy = proxy;
            this.serverHost = serverHost;
            this.established = false;
        }

        void reportPort(int port) {
            reportedPort = port;
        }

        /** Bounds this socket's writes from now on: see {@link WriteWatchdog}. */
        void watchWrites(WriteWatchdog watchdog, int timeoutMillis) {
            synchronized (outputLock) {
                this.watchdog = watchdog;
                this.writeTimeoutMillis = timeoutMillis;
            }
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            synchronized (outputLock) {
                if (watchdog == null) {
                    return super.getOutputStream();
                }
                if (watchedOutput == null) {
                    watchedOutput = watchdog.watch(super.getOutputStream(), this, Duration.ofMillis(writeTimeoutMillis));
                }
                return watchedOutput;
            }
        }

        @Override
        public int getPort() {
            int reported = reportedPort;
            return reported != 0 ? reported : super.getPort();
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (serverHost != null && endpoint instanceof InetSocketAddress address
                    && !ProxyRoute.select(proxy, serverHost, address.getPort()).isDirect()) {
                endpoint = InetSocketAddress.createUnresolved(serverHost, address.getPort());
            }
            super.connect(endpoint, timeout);
            established = true;
        }

        /**
         * Whether {@link #connect} returned: through a proxy the socket is connected, to the proxy,
         * long before that, while the proxy's handshake runs.
         */
        boolean established() {
            return established;
        }
    }

    private static final class KeyedSocketFactory extends SocketFactory {
        private final ProxyConfig proxy;
        private final ProviderContext context;
        private final String serverHost;
        private volatile Socket last;
        /** Whether the next socket is to be a channel's: set for one data connection, then cleared. */
        volatile boolean channelNext;

        KeyedSocketFactory(ProxyConfig proxy, ProviderContext context, String serverHost) {
            this.proxy = proxy;
            this.context = context;
            this.serverHost = serverHost;
        }

        private KeyedSocket newSocket() {
            KeyedSocket socket = new KeyedSocket(proxy, context, serverHost);
            last = socket;
            return socket;
        }

        @Override
        public Socket createSocket() throws IOException {
            if (channelNext) {
                channelNext = false;
                Socket socket = ZeroCopy.socket();
                last = socket;
                return socket;
            }
            return newSocket();
        }

        /**
         * Closes the socket made last if its connect has not returned: one still connecting, to the
         * server or through its proxy's handshake, or one a failed data connection left.
         */
        void closeUnconnected() {
            Socket socket = last;
            boolean connecting = socket instanceof KeyedSocket keyed ? !keyed.established() : socket != null
                    && !socket.isConnected();
            if (connecting) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // It never carried anything.
                }
            }
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            Socket socket = newSocket();
            socket.connect(new InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            Socket socket = newSocket();
            socket.bind(new InetSocketAddress(localHost, localPort));
            socket.connect(new InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            Socket socket = newSocket();
            socket.connect(new InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            Socket socket = newSocket();
            socket.bind(new InetSocketAddress(localAddress, localPort));
            socket.connect(new InetSocketAddress(address, port));
            return socket;
        }
    }

    /** Active mode: accepted data sockets are {@link KeyedSocket}s too. */
    private static final class KeyedServerSocketFactory extends ServerSocketFactory {
        @Override
        public ServerSocket createServerSocket() throws IOException {
            return new KeyedServerSocket();
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            ServerSocket server = new KeyedServerSocket();
            server.bind(new InetSocketAddress(port));
            return server;
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            ServerSocket server = new KeyedServerSocket();
            server.bind(new InetSocketAddress(port), backlog);
            return server;
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            ServerSocket server = new KeyedServerSocket();
            server.bind(new InetSocketAddress(address, port), backlog);
            return server;
        }
    }

    private static final class KeyedServerSocket extends ServerSocket {
        KeyedServerSocket() throws IOException {
            super();
        }

        @Override
        public Socket accept() throws IOException {
            if (isClosed()) {
                throw new SocketException("Socket is closed");
            }
            Socket socket = new KeyedSocket();
            implAccept(socket);
            return socket;
        }
    }
}
