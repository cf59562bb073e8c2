package io.inetkit.provider.ftp.internal;

import io.inetkit.ConnectFlag;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Limits;
import io.inetkit.Session;
import io.inetkit.ftp.TransferType;
import io.inetkit.ftp.FtpReply;
import io.inetkit.spi.Connection;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.Deadline;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.ProxyRoute;
import io.inetkit.spi.SessionSupport;
import io.inetkit.spi.StatusPublisher;
import io.inetkit.spi.TlsSupport;
import io.inetkit.spi.TransportErrors;
import io.inetkit.toolbox.TransferBuffer;
import io.inetkit.toolbox.WriteWatchdog;
import io.inetkit.toolbox.Logs;
import io.inetkit.toolbox.RetryBudget;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.apache.commons.net.MalformedServerReplyException;
import org.apache.commons.net.ProtocolCommandEvent;
import org.apache.commons.net.ProtocolCommandListener;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPConnectionClosedException;
import org.apache.commons.net.ftp.FTPFileEntryParser;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.parser.DefaultFTPFileEntryParserFactory;
import org.apache.commons.net.ftp.parser.UnixFTPEntryParser;
import org.apache.commons.net.io.CopyStreamException;
import org.slf4j.Logger;

/**
 * One logged-in FTP control connection, shared by the session handles that
 * {@link ConnectFlag#EXISTING_CONNECT} hands out. Every operation runs under this object's lock,
 * and at most one transfer is open at a time, as in WinINet.
 *
 * <p>It owns the Commons Net client and turns what the client reports (booleans, reply codes,
 * {@link IOException}s) into {@link InternetException}s with WinINet's codes. After a failure that
 * leaves the control connection in an unknown state (a time-out, a dropped connection), the
 * connection is closed and every later operation fails with {@link InternetError#FTP_DROPPED}:
 * replies could otherwise be read for the wrong command; only a download, under the
 * {@code Internet}'s {@link io.inetkit.RetryPolicy}, replaces it with a new login that restores the
 * session's working directory and transfer type ({@link #logInAgain}), which every handle sharing
 * this object then uses.
 */
final class FtpConnection implements Connection {

    private static final Logger LOG = Logs.get(FtpConnection.class);

    /** Buffers of data connections: Commons Net's defaults are far slower on fast links. */
    static final int BUFFER_SIZE = TransferBuffer.MAX_SIZE;

    private static final String CONNECTING = "connecting to the FTP server";

    /** Directory changes remembered to restore after a new login; past them, the session cannot log in again. */
    static final int MAX_DIRECTORY_CHANGES = 64;

    private static final Pattern ANNOUNCED_SIZE = Pattern.compile("\\((\\d+) bytes\\)", Pattern.CASE_INSENSITIVE);

    /** Commands that would open a data connection or change state behind this connection's back. */
    private static final Set<String> REFUSED_COMMANDS = Set.of("LIST", "NLST", "MLSD", "RETR", "STOR", "STOU",
            "APPE", "REST", "USER", "PASS", "ACCT", "REIN", "QUIT", "AUTH", "PBSZ", "PROT", "CCC", "ADAT", "MIC",
            "CONF", "ENC", "TYPE", "PASV", "EPSV", "LPSV", "SPSV", "PORT", "EPRT", "LPRT", "MODE", "STRU", "ABOR");

    private final ConnectSpec spec;
    private final ProviderContext context;
    private volatile ProtectedFtpClient client; // replaced only by a new login, under this object's lock
    private SSLContext sslContext;
    private final TransportErrors errors;
    private volatile StatusPublisher status;
    private volatile String lastReply = "";
    private volatile String lastCommand = "";
    private volatile String preliminaryReply = "";
    private volatile boolean cancelled;
    private volatile Deadline deadline = Deadline.none(); // of the operation running, or of the connect // set without the lock: the lock is what the blocked thread holds
    private boolean broken; // guarded by this
    private boolean closed; // guarded by this
    private Object transfer; // guarded by this: the open stream, if any
    private TransferType currentType = TransferType.BINARY; // guarded by this
    // The direct buffer of get/put: used by the operation holding this connection's lock, released on disconnect.
    private final TransferBuffer direct = new TransferBuffer();

    private boolean utf8;
    private boolean mlsd;
    private boolean sizeCommand;
    private FTPFileEntryParser listParser; // guarded by this: made at the first LIST
    // The directory changes since the login, replayed after a new login; from the last absolute one on.
    private final List<String> directories = new ArrayList<>(); // guarded by this
    private boolean directoryUnknown; // guarded by this: more changes than are remembered
    private boolean restoring; // guarded by this: the next login restores the directory and TYPE
    private TransferType restoreType = TransferType.BINARY; // guarded by this

    private FtpConnection(ConnectSpec spec, ProviderContext context) {
        this.spec = spec;
        this.context = context;
        this.errors = new TransportErrors(spec.host() + ":" + spec.port(), context);
        this.status = context.status();
    }

    /**
     * Resolves, connects, secures and logs in, tried again under the {@code Internet}'s
     * {@link io.inetkit.RetryPolicy} after a refused connection (when the policy says so), a reset or
     * close before the login ended, or a {@code 421} (too many users, shutting down); never after a
     * {@code 530}. Closes everything on failure.
     */
    static FtpConnection open(ConnectSpec spec, ProviderContext context) throws InternetException {
        // Before any byte: a CR or LF would let the rest of a user name run as another command.
        Checks.noControlCharacters(spec.credentials().user(), "user");
        Checks.noControlCharacters(spec.credentials().password(), "password");
        ProxyRoute route = ProxyRoute.select(context.proxy(), spec.host(), spec.port());
        if (!route.isDirect() && !spec.has(ConnectFlag.PASSIVE)) {
            throw new InternetException(InternetError.NOT_PROXY_REQUEST, "active FTP to " + spec.host() + ":"
                    + spec.port() + " cannot go through " + route.describe() + ": the server would connect back"
                    + " to this machine around the proxy; connect with ConnectFlag.PASSIVE");
        }
        FtpConnection connection = new FtpConnection(spec, context);
        // The connect's own, over every try: from the first connect to the login's last reply.
        connection.deadline = Deadline.start(context);
        connection.deadline.cuts(connection::cutClient);
        try {
            connection.logIn(new RetryBudget(context.retries()), null);
            return connection;
        } finally {
            connection.deadline.close();
        }
    }

    /**
     * Logs in on a new control connection, tried again within {@code budget}; the deadline in
     * force bounds the whole.
     *
     * @param support the session whose close ends a wait between tries, or null while connecting
     */
    private void logIn(RetryBudget budget, SessionSupport support) throws InternetException {
        String what = CONNECTING + " " + where();
        while (true) {
            try {
                logInOnce();
                return;
            } catch (InternetException e) {
                String why = cancelled || deadline.isExpired() ? null : retriableLogin(e, budget.policy());
                if (why == null || !budget.hasRetryLeft()) {
                    throw budget.afterTries(e, why);
                }
                budget.failed(why);
                Duration wait = budget.backoff();
                LOG.debug("{} failed ({}); retry {} of {} after {} ms", what, why, budget.retries(),
                        budget.policy().maxRetries(), wait.toMillis());
                budget.pause(what, wait, deadline, support, e);
            }
        }
    }

    /** Why a failed login may be tried again; null when it may not (a wrong password, a time-out, TLS). */
    private static String retriableLogin(InternetException e, io.inetkit.RetryPolicy policy) {
        if (e.error() == InternetError.FTP_DROPPED) {
            return e.serverReply().filter(reply -> reply.startsWith("421")).isPresent()
                    ? "421 " + firstLine(e.serverReply().get()).substring(3).trim()
                    : "closed before the login ended";
        }
        return RetryBudget.connectionFailure(e, policy);
    }

    /** One try of {@link #logIn}: a new client, connected, secured and logged in; closed on failure. */
    private void logInOnce() throws InternetException {
        StatusPublisher status = this.status;
        InetAddress address = null;
        if (ProxyRoute.select(context.proxy(), spec.host(), spec.port()).isDirect()) {
            status.publish(InternetStatus.RESOLVING_NAME, spec.host());
            try {
                address = InetAddress.getByName(spec.host());
            } catch (UnknownHostException e) {
                throw errors.ofConnect(CONNECTING, e);
            }
            status.publish(InternetStatus.NAME_RESOLVED, address);
        }
        ProtectedFtpClient.Tls tls = spec.has(ConnectFlag.SECURE) ? ProtectedFtpClient.Tls.IMPLICIT
                : spec.has(ConnectFlag.START_TLS) ? ProtectedFtpClient.Tls.EXPLICIT : ProtectedFtpClient.Tls.NONE;
        if (tls != ProtectedFtpClient.Tls.NONE && sslContext == null) {
            // One context for the connection: data connections resume its sessions from its cache.
            sslContext = TlsSupport.context(spec, context);
        }
        synchronized (this) {
            client = new ProtectedFtpClient(spec, tls, sslContext, context.connectTimeoutMillis(), context.proxy(),
                    context, context.shared(WriteWatchdog.class, WriteWatchdog::new), context.writeTimeoutMillis(),
                    context.limits());
            broken = false;
            lastCommand = "";
            lastReply = "";
            currentType = TransferType.BINARY;
            listParser = null;
            utf8 = false;
            mlsd = false;
            sizeCommand = false;
        }
        configure();
        InetSocketAddress target = address != null ? new InetSocketAddress(address, spec.port())
                : InetSocketAddress.createUnresolved(spec.host(), spec.port());
        status.publish(InternetStatus.CONNECTING_TO_SERVER, target);
        try {
            if (cancelled) {
                throw cancelledError(CONNECTING + " " + where(), null);
            }
            if (address != null) {
                client.connect(address, spec.port());
            } else {
                // The socket sends the name to the proxy, which may be the only one that can resolve it.
                client.connect(spec.host(), spec.port());
            }
            status.publish(InternetStatus.CONNECTED_TO_SERVER, target);
            if (client.controlTlsSocket() != null) {
                // Once, for the control connection: data connections resume its session.
                TlsSupport.published(client.controlTlsSocket(), status);
            }
            if (!FTPReply.isPositiveCompletion(client.getReplyCode())) {
                throw refused("the FTP server " + where() + " refused the connection");
            }
            login();
            if (tls != ProtectedFtpClient.Tls.NONE) {
                protectData();
            }
            readFeatures();
            setUpDataConnections();
            if (!client.setFileType(FTP.BINARY_FILE_TYPE)) {
                throw refused("the FTP server " + where() + " refused binary mode (TYPE I)");
            }
            if (restoring) {
                restoreState();
            }
            LOG.debug("logged in to {} as {}", where(), spec.credentials().user());
        } catch (InternetException e) {
            disconnectQuietly();
            throw deadline.isExpired() ? deadline.error(CONNECTING + " " + where(), e) : e;
        } catch (IOException e) {
            InternetException failure = deadline.isExpired() ? deadline.error(CONNECTING + " " + where(), e)
                    : cancelled ? cancelledError(CONNECTING + " " + where(), e)
                    : connectFailure(e); // before the disconnect: it asks the socket
            disconnectQuietly();
            throw failure;
        } catch (RuntimeException e) {
            disconnectQuietly();
            throw e;
        }
    }

    /**
     * Puts back what the server held for the session before its control connection dropped: the
     * working directory (the changes since the login, replayed in order, as a relative one means
     * nothing else) and the transfer type. A refusal fails the new login for good: the server's
     * state is not what the session had.
     */
    private void restoreState() throws IOException, InternetException {
        for (String directory : List.copyOf(directories)) {
            boolean changed = directory.equals("..") ? client.changeToParentDirectory()
                    : client.changeWorkingDirectory(directory);
            if (!changed) {
                throw refused("the FTP server " + where() + " refused to change to " + directory + " again after"
                        + " a new login, so the working directory of the session could not be restored");
            }
        }
        type(restoreType);
    }

    /**
     * Remembers a change of the working directory the server accepted, to replay after a new
     * login: {@code ..} for {@code CDUP}. An absolute path starts the list over.
     */
    synchronized void changedDirectory(String path) {
        if (path.startsWith("/")) {
            directories.clear();
            directoryUnknown = false;
        }
        if (directories.size() == MAX_DIRECTORY_CHANGES) {
            directoryUnknown = true;
            return;
        }
        directories.add(path);
    }

    /**
     * Whether an operation may log in again after the control connection dropped: the policy
     * allows retries, the session did not cancel, and the working directory can be restored.
     */
    synchronized boolean mayLogInAgain() {
        return !closed && !cancelled && !directoryUnknown && context.retries().maxRetries() > 0;
    }

    /** Whether the control connection dropped (or was ended by a failure) and a new login may replace it. */
    synchronized boolean needsNewLogin() {
        return !closed && (broken || !client.isConnected());
    }

    /**
     * Replaces a control connection that dropped with a new one: the same login, working
     * directory, transfer type and data connection mode; tried within {@code budget}, under the
     * running operation's deadline. The caller holds this object's lock.
     *
     * @param support the session whose close ends a wait between tries
     */
    synchronized void logInAgain(RetryBudget budget, SessionSupport support) throws InternetException {
        if (!mayLogInAgain()) {
            throw new InternetException(InternetError.FTP_DROPPED, "the FTP connection to " + where()
                    + " was ended; connect again", lastReply.isEmpty() ? null : lastReply, null);
        }
        restoreType = currentType;
        disconnectQuietly();
        restoring = true;
        try {
            LOG.debug("logging in to {} again", where());
            logIn(budget, support);
        } catch (InternetException e) {
            broken = true;
            throw e;
        } finally {
            restoring = false;
        }
    }

    /** Cuts the sockets of the client in use now: what a deadline or a cancel does. */
    private void cutClient() {
        ProtectedFtpClient current = client;
        if (current != null) {
            current.cutConnections();
        }
    }

    private void configure() {
        int read = context.readTimeoutMillis();
        client.setControlEncoding(StandardCharsets.UTF_8.name());
        client.setConnectTimeout(context.connectTimeoutMillis());
        client.setDefaultTimeout(read); // the control connection's SO_TIMEOUT, from the first reply on
        client.setDataTimeout(context.readTimeout()); // data reads, and the accept of active mode
        client.zeroCopy(context.zeroCopy());
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
            // Set either way: Commons Net's default comes from a system property anyone can set.
            client.setIpAddressFromPasvResponse(spec.has(ConnectFlag.TRUST_PASV_ADDRESS));
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

    /** The bounds on what the server may send: the {@code Internet}'s. */
    Limits limits() {
        return context.limits();
    }

    /**
     * The parser of {@code LIST} lines, chosen by the server's {@code SYST} as Commons Net's
     * {@code listFiles} chooses it, and kept for the connection. Commons Net's factory takes a system
     * name that looks like a Java class name for one, and instantiates it: a server answering
     * {@code 215 com.example.Anything} made the client run any public no-argument constructor on its
     * class path. A leading space makes the name no class name, and the factory's own names
     * ({@code UNIX}, {@code WINDOWS}, ...), which it finds anywhere in the reply, still match.
     *
     * @throws org.apache.commons.net.ftp.parser.ParserInitializationException for a system no parser reads
     */
    synchronized FTPFileEntryParser listParser() throws IOException {
        if (listParser == null) {
            listParser = new DefaultFTPFileEntryParserFactory().createFileEntryParser(" " + client.getSystemType());
            if (listParser.getClass() == UnixFTPEntryParser.class
                    && !client.getSystemType().toUpperCase(Locale.ROOT).contains("UNIX_LTRIM")) {
                listParser = new UnixListParser(); // the same entries, its common lines read by hand
            }
        }
        return listParser;
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

    /**
     * The direct buffer through which {@code get} and {@code put} copy a file of {@code size} bytes
     * (-1: unknown), kept for the connection's life and grown as needed, within the JVM's budget of
     * direct memory: see {@link TransferBuffer}. Only for the operation that holds this connection's
     * lock: that makes it the buffer's only user, so the buffer is kept by the connection while in use.
     */
    ByteBuffer directBuffer(long size) {
        ByteBuffer buffer = direct.acquire(size);
        direct.release(buffer);
        return buffer;
    }

    /** Lets go of this connection's direct buffer, which the garbage collector frees. */
    private void releaseDirectBuffer() {
        direct.close();
    }

    /** Starts an operation for a handle: throws if the connection cannot take one now. */
    synchronized void begin(StatusPublisher publisher) throws InternetException {
        begin(publisher, false);
    }

    /**
     * As {@link #begin(StatusPublisher)}; with {@code revivable}, a control connection that dropped
     * does not refuse the operation when a new login may replace it ({@link #logInAgain}).
     */
    synchronized void begin(StatusPublisher publisher, boolean revivable) throws InternetException {
        if (closed || broken && !(revivable && mayLogInAgain())) {
            throw new InternetException(InternetError.FTP_DROPPED, "the FTP connection to " + where()
                    + " was ended; connect again", lastReply.isEmpty() ? null : lastReply, null);
        }
        if (transfer != null) {
            throw new InternetException(InternetError.FTP_TRANSFER_IN_PROGRESS, "a transfer is open on the FTP "
                    + "connection to " + where() + "; close its stream first");
        }
        status = publisher;
        preliminaryReply = "";
        deadline = Deadline.start(context);
        deadline.cuts(this::cutClient);
    }

    /**
     * Ends an operation begun with {@link #begin}: its deadline ends too, unless it opened a
     * transfer, whose stream ends it ({@link #endTransfer}).
     */
    synchronized void endOperation() {
        if (transfer == null) {
            deadline.close();
        }
    }

    synchronized void startTransfer(Object stream) {
        transfer = stream;
    }

    synchronized void endTransfer(Object stream) {
        if (transfer == stream) {
            transfer = null;
            deadline.close();
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
        if (deadline.isExpired()) {
            // The deadline cut the data connection, and the server says so (426): the cut is the story.
            markBroken();
            return deadline.error(what, null);
        }
        if (cancelled) {
            // A reply read after a cancel is the server's answer to it: the 426 for the data connection
            // that the cancel cut can arrive before the control connection is cut too.
            return cancelledError(what, null);
        }
        int code = client.getReplyCode();
        String reply = lastReply;
        if (lastCommand.equals("PASV") && code != FTPReply.ENTERING_PASSIVE_MODE) {
            return new InternetException(InternetError.FTP_NO_PASSIVE_MODE, "the FTP server " + where()
                    + " refused passive mode (" + code + "); connect without ConnectFlag.PASSIVE", reply, null);
        }
        if (code == 522 && client.controlTlsSocket() != null) {
            return new InternetException(InternetError.SECURITY_CHANNEL_ERROR, what + ": the FTP server " + where()
                    + " requires data connections to resume the control connection's TLS session, and the JDK had "
                    + "no session to offer (" + client.controlTlsSocket().getSession().getProtocol() + "). With "
                    + "TLS 1.2 this happens when the server's session tickets live longer than the 7 days the JDK "
                    + "keeps (vsftpd) and the Internet was given an SSLContext made with tickets on: give it a Trust "
                    + "instead, or make the context with -Djdk.tls.client.enableSessionTicketExtension=false",
                    reply, null);
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
     * answers within a short time; anything else ends the connection. What FTP alone knows (a
     * broken reply, a dropped control connection, the data connection's address) is said here,
     * every other transport failure as in every provider ({@link TransportErrors}).
     */
    InternetException failure(IOException e, String what) {
        if (deadline.isExpired()) {
            markBroken();
            return deadline.error(what + " on " + where(), e);
        }
        if (e instanceof InternetException ie) {
            return ie;
        }
        markBroken();
        if (cancelled) {
            return cancelledError(what, e);
        }
        ReplyReader.BrokenReplyException broken = TransportErrors.cause(e, ReplyReader.BrokenReplyException.class)
                .orElse(null);
        if (broken != null) {
            return new InternetException(broken.error().error(), what + ": " + broken.getMessage(), null, e);
        }
        IOException cause = e instanceof CopyStreamException c && c.getIOException() != null ? c.getIOException() : e;
        if (e instanceof FTPConnectionClosedException) {
            return errors.shaped(InternetError.FTP_DROPPED, what, "the FTP server closed the connection",
                    lastReplyOrNull(), e);
        }
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
            // Only a data connection is opened after login.
            return errors.shaped(InternetError.CANNOT_CONNECT, what, "cannot open the data connection to "
                    + client.passiveTarget() + ": " + cause.getMessage(), lastReplyOrNull(), e);
        }
        if (cause instanceof MalformedServerReplyException) {
            return errors.shaped(InternetError.CONNECTION_ABORTED, what, "the FTP server broke the protocol: "
                    + cause.getMessage(), lastReplyOrNull(), e);
        }
        return withReply(errors.of(what, cause));
    }

    private InternetException connectFailure(IOException e) {
        if (e instanceof InternetException proxyFailure) {
            return proxyFailure; // from ProxiedSocket, naming the proxy
        }
        ReplyReader.BrokenReplyException broken = TransportErrors.cause(e, ReplyReader.BrokenReplyException.class)
                .orElse(null);
        if (broken != null) {
            return new InternetException(broken.error().error(), "connecting: " + broken.getMessage(), null, e);
        }
        if (e instanceof ProtectedFtpClient.AuthTlsRefusedException) {
            return errors.shaped(InternetError.SECURITY_CHANNEL_ERROR, CONNECTING, "the FTP server refused AUTH TLS: "
                    + firstLine(client.authReply()), client.authReply(), e);
        }
        if (TransportErrors.cause(e, SocketTimeoutException.class).isPresent()) {
            return errors.shaped(InternetError.TIMEOUT, CONNECTING, timedOutStep(), lastReplyOrNull(), e);
        }
        if (e instanceof FTPConnectionClosedException) {
            return errors.shaped(InternetError.FTP_DROPPED, CONNECTING, "the FTP server closed the connection during"
                    + " login", lastReplyOrNull(), e);
        }
        if (TransportErrors.isReset(e)) {
            // The TCP connection was made: the server reset it, which is not failing to connect.
            return errors.shaped(InternetError.CONNECTION_RESET, CONNECTING, "the server reset the connection "
                    + (lastCommand.isEmpty() ? "before its greeting" : "after " + lastCommand), lastReplyOrNull(), e);
        }
        InternetException mapped = withReply(errors.ofConnect(CONNECTING, e));
        if (mapped.error() == InternetError.CONNECTION_ABORTED) {
            // Before login every other failure is one to connect.
            return new InternetException(InternetError.CANNOT_CONNECT, mapped.getMessage(), lastReplyOrNull(), e);
        }
        return mapped;
    }

    /** The mapped error with the last reply, which tells what the server said before the failure. */
    private InternetException withReply(InternetException mapped) {
        String reply = lastReplyOrNull();
        if (reply == null || mapped.serverReply().isPresent()) {
            return mapped;
        }
        return new InternetException(mapped.error(), mapped.getMessage(), reply, mapped.getCause());
    }

    /**
     * Which step of connecting ran out of time: an unreachable server, one that accepted the
     * connection and never spoke (as a connection looks from here that the server's full accept
     * queue dropped before the server accepted it), and one that stopped answering are different
     * faults to chase.
     */
    private String timedOutStep() {
        if (!client.isConnected()) {
            return "no TCP connection within the connect time-out of " + context.connectTimeout().toMillis() + " ms";
        }
        String readTimeout = " within the read time-out of " + context.readTimeout().toMillis() + " ms";
        if (lastCommand.isEmpty()) {
            return "the server accepted the connection but sent no "
                    + (spec.has(ConnectFlag.SECURE) ? "TLS handshake or " : "") + "greeting" + readTimeout;
        }
        return "no reply to " + lastCommand + (lastCommand.equals("AUTH") ? " TLS or no TLS handshake" : "")
                + readTimeout;
    }

    /**
     * Ends whatever runs on this connection, at once and from any thread: the data and control
     * sockets are cut, and the thread blocked on either fails with
     * {@link InternetError#OPERATION_CANCELLED}. Used when a session is closed during an operation
     * or a transfer; it does not wait for the lock that thread holds, nor for the server.
     */
    void cancel() {
        cancelled = true;
        LOG.debug("cancelling the operation on {}", where());
        cutClient();
    }

    /** The deadline of the operation running. */
    Deadline deadline() {
        return deadline;
    }

    /** When an operation that failed is tried again: the {@code Internet}'s policy. */
    io.inetkit.RetryPolicy retries() {
        return context.retries();
    }

    /** Whether the deadline of the operation running ran out, and cut its connections. */
    boolean deadlineExpired() {
        return deadline.isExpired();
    }

    boolean isCancelled() {
        return cancelled;
    }

    InternetException cancelledError(String what, Throwable cause) {
        InternetException cancelled = errors.cancelled(what, cause);
        return new InternetException(cancelled.error(), cancelled.getMessage(), lastReplyOrNull(), cause);
    }

    /** The transport failures of this connection, as every provider reports them. */
    TransportErrors errors() {
        return errors;
    }

    /** After the data connection failed: reads the server's verdict on the transfer, briefly. */
    void settleAfterDataFailure() {
        synchronized (this) {
            if (broken || closed || cancelled) {
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

    private void disconnectQuietly() {
        releaseDirectBuffer();
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
        publisher.publish(InternetStatus.CLOSING_CONNECTION);
        if (client.isConnected() && !broken && !cancelled) {
            try {
                client.setSoTimeout(Math.min(context.readTimeoutMillis(), 2_000));
                client.logout();
            } catch (IOException e) {
                LOG.debug("QUIT to {} failed: {}", where(), e.toString());
            }
        }
        disconnectQuietly();
        publisher.publish(InternetStatus.CONNECTION_CLOSED);
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
            if (!publisher.isEnabled()) {
                return; // no listener: no events to build, several a file in a mirror
            }
            publisher.publish(InternetStatus.SENDING_REQUEST, verb);
            publisher.publish(InternetStatus.REQUEST_SENT, bytes(event.getMessage()));
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
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} < {}", where(), Logs.printable(text));
            }
            StatusPublisher publisher = status;
            if (!publisher.isEnabled()) {
                return;
            }
            publisher.publish(InternetStatus.RECEIVING_RESPONSE);
            publisher.publish(InternetStatus.RESPONSE_RECEIVED, bytes(event.getMessage()));
            // What WinINet reserved for control-connection replies: here, the whole reply.
            if (code <= 599) { // FtpReply's range; the reply reader refuses others anyway
                publisher.publish(InternetStatus.CTL_RESPONSE_RECEIVED, new FtpReply(code, text.lines().toList()));
            }
        }

        /** The bytes of a command or reply as it went over the control connection, line ends included. */
        private long bytes(String message) {
            return message == null ? 0 : message.getBytes(StandardCharsets.UTF_8).length;
        }
    }
}
