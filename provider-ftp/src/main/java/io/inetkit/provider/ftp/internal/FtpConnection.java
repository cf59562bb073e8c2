package io.inetkit.provider.ftp.internal;

import io.inetkit.ConnectFlag;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Session;
import io.inetkit.ftp.TransferType;
import io.inetkit.spi.Connection;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.SessionSupport;
import io.inetkit.spi.StatusPublisher;
import io.inetkit.spi.TlsSupport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.commons.net.ProtocolCommandEvent;
import org.apache.commons.net.ProtocolCommandListener;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPConnectionClosedException;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.io.CopyStreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logged-in FTP control connection, shared by the session handles that
 * {@link ConnectFlag#EXISTING_CONNECT} hands out. Every operation runs under this object's lock,
 * and at most one transfer is open at a time, as in WinINet.
 *
 * <p>It owns the Commons Net client and turns what the client reports (booleans, reply codes,
 * {@link IOException}s) into {@link InternetException}s with WinINet's codes. After a failure that
 * leaves the control connection in an unknown state (a time-out, a dropped connection), the
 * connection is closed and every later operation fails with {@link InternetError#FTP_DROPPED}:
 * replies could otherwise be read for the wrong command.
 */
final class FtpConnection implements Connection {

    private static final Logger LOG = LoggerFactory.getLogger(FtpConnection.class);

    /** Buffers of data connections: Commons Net's defaults are far slower on fast links. */
    static final int BUFFER_SIZE = 1 << 20;

    private static final Pattern ANNOUNCED_SIZE = Pattern.compile("\\((\\d+) bytes\\)", Pattern.CASE_INSENSITIVE);

    /** Commands that would open a data connection or change state behind this connection's back. */
    private static final Set<String> REFUSED_COMMANDS = Set.of("LIST", "NLST", "MLSD", "RETR", "STOR", "STOU",
            "APPE", "REST", "USER", "PASS", "ACCT", "REIN", "QUIT", "AUTH", "PBSZ", "PROT", "CCC", "ADAT", "MIC",
            "CONF", "ENC", "TYPE", "PASV", "EPSV", "LPSV", "SPSV", "PORT", "EPRT", "LPRT", "MODE", "STRU", "ABOR");

    private final ConnectSpec spec;
    private final ProviderContext context;
    private final ProtectedFtpClient client;
    private volatile StatusPublisher status;
    private volatile String lastReply = "";
    private volatile String lastCommand = "";
    private volatile String preliminaryReply = "";
    private boolean broken; // guarded by this
    private boolean closed; // guarded by this
    private Object transfer; // guarded by this: the open stream, if any
    private TransferType currentType = TransferType.BINARY; // guarded by this
    private boolean utf8;
    private boolean mlsd;
    private boolean sizeCommand;

    private FtpConnection(ConnectSpec spec, ProviderContext context, ProtectedFtpClient client) {
        this.spec = spec;
        this.context = context;
        this.client = client;
        this.status = context.status();
    }

    /** Resolves, connects, secures and logs in; closes everything on failure. */
    static FtpConnection open(ConnectSpec spec, ProviderContext context) throws InternetException {
        StatusPublisher status = context.status();
        status.publish(InternetStatus.RESOLVING_NAME, spec.host());
        InetAddress address;
        try {
            address = InetAddress.getByName(spec.host());
        } catch (UnknownHostException e) {
            throw new InternetException(InternetError.NAME_NOT_RESOLVED, "cannot resolve the FTP server name "
                    + spec.host(), e);
        }
        status.publish(InternetStatus.NAME_RESOLVED, address);

        ProtectedFtpClient.Tls tls = spec.has(ConnectFlag.SECURE) ? ProtectedFtpClient.Tls.IMPLICIT
                : spec.has(ConnectFlag.START_TLS) ? ProtectedFtpClient.Tls.EXPLICIT : ProtectedFtpClient.Tls.NONE;
        // One context for the connection: data connections resume its sessions from its cache.
        SSLContext sslContext = tls == ProtectedFtpClient.Tls.NONE ? null : TlsSupport.context(spec, context);
        ProtectedFtpClient client = new ProtectedFtpClient(spec, tls, sslContext, millis(context.connectTimeout()));
        FtpConnection connection = new FtpConnection(spec, context, client);
        connection.configure();

        InetSocketAddress target = new InetSocketAddress(address, spec.port());
        status.publish(InternetStatus.CONNECTING_TO_SERVER, target);
        try {
            client.connect(address, spec.port());
            status.publish(InternetStatus.CONNECTED_TO_SERVER, target);
            if (!FTPReply.isPositiveCompletion(client.getReplyCode())) {
                throw connection.refused("the FTP server " + connection.where() + " refused the connection");
            }
            connection.login();
            if (tls != ProtectedFtpClient.Tls.NONE) {
                connection.protectData();
            }
            connection.readFeatures();
            connection.setUpDataConnections();
            if (!client.setFileType(FTP.BINARY_FILE_TYPE)) {
                throw connection.refused("the FTP server " + connection.where() + " refused binary mode (TYPE I)");
            }
            LOG.debug("logged in to {} as {}", connection.where(), spec.credentials().user());
            return connection;
        } catch (InternetException e) {
            connection.disconnectQuietly();
            throw e;
        } catch (IOException e) {
            connection.disconnectQuietly();
            throw connection.connectFailure(e);
        } catch (RuntimeException e) {
            connection.disconnectQuietly();
            throw e;
        }
    }

    private void configure() {
        int read = millis(context.readTimeout());
        client.setControlEncoding(StandardCharsets.UTF_8.name());
        client.setConnectTimeout(millis(context.connectTimeout()));
        client.setDefaultTimeout(read); // the control connection's SO_TIMEOUT, from the first reply on
        client.setDataTimeout(context.readTimeout()); // data reads, and the accept of active mode
        client.setBufferSize(BUFFER_SIZE);
        client.setReceieveDataSocketBufferSize(BUFFER_SIZE);
        client.setSendDataSocketBufferSize(BUFFER_SIZE);
        // NOOPs on the control connection during long get/put, so that NAT boxes keep it open.
        client.setControlKeepAliveTimeout(Duration.ofSeconds(Math.max(1, Math.min(60, context.readTimeout().toSeconds() / 2))));
        client.setControlKeepAliveReplyTimeout(Duration.ofMillis(Math.min(read, 5_000)));
        client.addProtocolCommandListener(new Listener());
    }

    private void login() throws IOException, InternetException {
        String user = spec.credentials().user();
        String password = spec.credentials().password();
        Checks.noControlCharacters(user, "user");
        Checks.noControlCharacters(password, "password");
        if (!client.login(user, password)) {
            throw new InternetException(InternetError.LOGIN_FAILURE, "login refused by " + where() + " ("
                    + client.getReplyCode() + ") for user " + user + "; check the user name and password",
                    lastReply, null);
        }
    }

    private void protectData() throws IOException, InternetException {
        if (!FTPReply.isPositiveCompletion(client.sendCommand("PBSZ", "0"))
                || !FTPReply.isPositiveCompletion(client.sendCommand("PROT", "P"))) {
            throw refused("the FTP server " + where() + " refused protected data connections (PBSZ 0, PROT P)");
        }
        client.protectDataConnections(true);
    }

    private void readFeatures() throws IOException {
        if (!client.features()) {
            return;
        }
        for (String line : client.getReplyStrings()) {
            String feature = line.trim().toUpperCase(Locale.ROOT);
            if (feature.equals("UTF8")) {
                utf8 = true;
            } else if (feature.startsWith("MLST")) {
                mlsd = true;
            } else if (feature.equals("SIZE")) {
                sizeCommand = true;
            }
        }
        if (utf8) {
            client.sendCommand("OPTS", "UTF8 ON"); // a refusal changes nothing: names stay UTF-8 bytes
        }
    }

    private void setUpDataConnections() {
        if (spec.has(ConnectFlag.PASSIVE)) {
            client.enterLocalPassiveMode();
            client.setUseEPSVwithIPv4(true);
            if (spec.has(ConnectFlag.TRUST_PASV_ADDRESS)) {
                client.setPassiveNatWorkaroundStrategy(null);
                client.setRemoteVerificationEnabled(false);
            } else {
                // As curl since 7.74: the address in a PASV reply is often wrong (NAT) or hostile (FTP bounce).
                client.setPassiveNatWorkaroundStrategy(ignored -> client.getRemoteAddress().getHostAddress());
            }
        } else {
            client.enterLocalActiveMode();
        }
    }

    // ---------------------------------------------------------------- used by the session

    ProtectedFtpClient client() {
        return client;
    }

    ConnectSpec spec() {
        return spec;
    }

    boolean supportsMlsd() {
        return mlsd;
    }

    boolean supportsSize() {
        return sizeCommand;
    }

    boolean utf8() {
        return utf8;
    }

    String lastReply() {
        return lastReply;
    }

    /** The text of the last 1xx reply, which may announce the size of a download. */
    String preliminaryReply() {
        return preliminaryReply;
    }

    /** The size a {@code 150 ... (N bytes)} reply announced, or -1. */
    long announcedSize() {
        Matcher m = ANNOUNCED_SIZE.matcher(preliminaryReply);
        try {
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (NumberFormatException e) {
            return -1; // more digits than a long holds: no usable announcement
        }
    }

    /** Starts an operation for a handle: throws if the connection cannot take one now. */
    synchronized void begin(StatusPublisher publisher) throws InternetException {
        if (closed || broken) {
            throw new InternetException(InternetError.FTP_DROPPED, "the FTP connection to " + where()
                    + " was ended; connect again", lastReply.isEmpty() ? null : lastReply, null);
        }
        if (transfer != null) {
            throw new InternetException(InternetError.FTP_TRANSFER_IN_PROGRESS, "a transfer is open on the FTP "
                    + "connection to " + where() + "; close its stream first");
        }
        status = publisher;
        preliminaryReply = "";
    }

    synchronized void startTransfer(Object stream) {
        transfer = stream;
    }

    synchronized void endTransfer(Object stream) {
        if (transfer == stream) {
            transfer = null;
        }
    }

    /** Sets TYPE A or TYPE I if it is not set already. */
    synchronized void type(TransferType type) throws IOException, InternetException {
        if (type != currentType) {
            if (!client.setFileType(type == TransferType.ASCII ? FTP.ASCII_FILE_TYPE : FTP.BINARY_FILE_TYPE)) {
                throw refused("the FTP server " + where() + " refused transfer type " + type);
            }
            currentType = type;
        }
    }

    /** Whether a raw command must go through its own operation instead. */
    static boolean isRefusedCommand(String verb) {
        return REFUSED_COMMANDS.contains(verb.toUpperCase(Locale.ROOT));
    }

    /**
     * The error for a refusal by the server (a 4xx or 5xx reply to the last command), mapped as
     * WinINet maps FTP replies: 425 cannot connect, 426 aborted, 530 login failure, 421 dropped,
     * and every other refusal {@link InternetError#EXTENDED_ERROR} with the reply text.
     */
    InternetException refused(String what) {
        int code = client.getReplyCode();
        String reply = lastReply;
        if (lastCommand.equals("PASV") && code != FTPReply.ENTERING_PASSIVE_MODE) {
            return new InternetException(InternetError.FTP_NO_PASSIVE_MODE, "the FTP server " + where()
                    + " refused passive mode (" + code + "); connect without ConnectFlag.PASSIVE", reply, null);
        }
        InternetError error = switch (code) {
            case 425 -> InternetError.CANNOT_CONNECT;
            case 426 -> InternetError.CONNECTION_ABORTED;
            case 530 -> InternetError.LOGIN_FAILURE;
            case 421 -> InternetError.FTP_DROPPED;
            default -> InternetError.EXTENDED_ERROR;
        };
        if (code == 421) {
            markBroken();
        }
        return new InternetException(error, what + ": " + firstLine(reply), reply, null);
    }

    /**
     * The error for an {@link IOException} during an operation. A failure of the data connection
     * alone ({@link CopyStreamException}) leaves the control connection usable when the server
     * answers within a short time; anything else ends the connection.
     */
    InternetException failure(IOException e, String what) {
        if (e instanceof InternetException ie) {
            return ie;
        }
        markBroken();
        Throwable cause = e instanceof CopyStreamException c && c.getIOException() != null ? c.getIOException() : e;
        if (hasCause(cause, SocketTimeoutException.class)) {
            return new InternetException(InternetError.TIMEOUT, what + ": the FTP server " + where()
                    + " sent nothing for " + context.readTimeout().toMillis() + " ms", lastReplyOrNull(), e);
        }
        if (e instanceof FTPConnectionClosedException) {
            return new InternetException(InternetError.FTP_DROPPED, what + ": the FTP server " + where()
                    + " closed the connection", lastReplyOrNull(), e);
        }
        if (cause instanceof SSLException ssl) {
            return TlsSupport.failure(ssl, where());
        }
        return new InternetException(InternetError.CONNECTION_ABORTED, what + ": the connection to the FTP server "
                + where() + " failed: " + cause.getMessage(), lastReplyOrNull(), e);
    }

    private InternetException connectFailure(IOException e) {
        if (e instanceof ProtectedFtpClient.AuthTlsRefusedException) {
            return new InternetException(InternetError.SECURITY_CHANNEL_ERROR, "the FTP server " + where()
                    + " refused AUTH TLS: " + firstLine(client.authReply()), client.authReply(), e);
        }
        if (hasCause(e, SocketTimeoutException.class)) {
            return new InternetException(InternetError.TIMEOUT, "connecting to the FTP server " + where()
                    + " took longer than the time-out (connect " + context.connectTimeout().toMillis() + " ms, read "
                    + context.readTimeout().toMillis() + " ms)", lastReplyOrNull(), e);
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return new InternetException(InternetError.CANNOT_CONNECT, "cannot connect to the FTP server " + where()
                    + ": " + e.getMessage(), e);
        }
        if (e instanceof SSLException ssl) {
            return TlsSupport.failure(ssl, where());
        }
        if (e instanceof FTPConnectionClosedException) {
            return new InternetException(InternetError.FTP_DROPPED, "the FTP server " + where()
                    + " closed the connection during login", lastReplyOrNull(), e);
        }
        return new InternetException(InternetError.CANNOT_CONNECT, "cannot connect to the FTP server " + where()
                + ": " + e.getMessage(), lastReplyOrNull(), e);
    }

    /** After the data connection failed: reads the server's verdict on the transfer, briefly. */
    void settleAfterDataFailure() {
        synchronized (this) {
            if (broken || closed) {
                return;
            }
        }
        try {
            int timeout = client.getSoTimeout();
            client.setSoTimeout(Math.min(timeout, 5_000));
            try {
                client.completePendingCommand();
            } finally {
                client.setSoTimeout(timeout);
            }
        } catch (IOException e) {
            markBroken();
        }
    }

    synchronized void markBroken() {
        if (!broken) {
            broken = true;
            disconnectQuietly();
        }
    }

    String where() {
        return spec.host() + ":" + spec.port();
    }

    private String lastReplyOrNull() {
        return lastReply.isEmpty() ? null : lastReply;
    }

    static String firstLine(String reply) {
        int nl = reply.indexOf('\n');
        return (nl < 0 ? reply : reply.substring(0, nl)).trim();
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    private void disconnectQuietly() {
        try {
            client.disconnect();
        } catch (IOException ignored) {
            // Closing after a failure; the failure is what gets reported.
        }
    }

    // ---------------------------------------------------------------- Connection

    @Override
    public Session newSession(SessionSupport support) {
        return new FtpSessionImpl(support, this);
    }

    @Override
    public synchronized boolean isUsable() {
        return !closed && !broken && client.isConnected();
    }

    @Override
    public void close() {
        StatusPublisher publisher = status;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        publisher.publish(InternetStatus.CLOSING_CONNECTION, where());
        if (client.isConnected() && !broken) {
            try {
                client.setSoTimeout(Math.min(millis(context.readTimeout()), 2_000));
                client.logout();
            } catch (IOException e) {
                LOG.debug("QUIT to {} failed: {}", where(), e.toString());
            }
        }
        disconnectQuietly();
        publisher.publish(InternetStatus.CONNECTION_CLOSED, where());
    }

    /** Reports commands and replies as status events and debug logs; never a password. */
    private final class Listener implements ProtocolCommandListener {
        @Override
        public void protocolCommandSent(ProtocolCommandEvent event) {
            String verb = event.getCommand() == null ? "" : event.getCommand().toUpperCase(Locale.ROOT);
            lastCommand = verb;
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} > {}", where(), verb.equals("PASS") ? "PASS ****" : event.getMessage().trim());
            }
            StatusPublisher publisher = status;
            publisher.publish(InternetStatus.SENDING_REQUEST, verb);
            publisher.publish(InternetStatus.REQUEST_SENT, verb);
        }

        @Override
        public void protocolReplyReceived(ProtocolCommandEvent event) {
            int code = event.getReplyCode();
            if (code < 100) {
                return; // Commons Net's own notes, such as the replaced PASV address
            }
            String text = event.getMessage() == null ? "" : event.getMessage().trim();
            lastReply = text;
            if (code < 200) {
                preliminaryReply = text;
            }
            LOG.debug("{} < {}", where(), text);
            StatusPublisher publisher = status;
            publisher.publish(InternetStatus.RECEIVING_RESPONSE);
            publisher.publish(InternetStatus.RESPONSE_RECEIVED, code);
        }
    }
}
