package io.inetkit.provider.sftp;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.UnixDomainSocketFactory;
import io.inetkit.Credentials;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Session;
import io.inetkit.sftp.SftpOptions;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.Connection;
import io.inetkit.spi.Deadline;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.SessionSupport;
import io.inetkit.spi.StatusPublisher;
import io.inetkit.spi.TransportErrors;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;

/**
 * One SSH session with its one SFTP channel, connected, its host key checked and logged in by
 * {@link #open}. JSch runs one daemon thread per session, which ends with {@link #close}.
 */
final class SftpConnection implements Connection {

    private final ConnectSpec spec;
    private final ProviderContext context;
    /** The SSH session, its channel and its socket: new ones after {@link #reconnect}. */
    private volatile Link link;
    private volatile boolean closed;
    /** The open stream or listing that holds the channel, guarded by this connection's lock. */
    AutoCloseable holder;
    /** The channel that reads files, once opened; guarded by this connection's lock, as the link's reads. */
    private volatile ReadChannel reads;
    /** Whether the server refused the reading channel on this link: files are read with JSch. */
    private boolean readsRefused;

    private record Link(com.jcraft.jsch.Session session, ChannelSftp channel, Transport transport,
            TransportErrors errors) {
    }

    private SftpConnection(ConnectSpec spec, ProviderContext context, Link link) {
        this.spec = spec;
        this.context = context;
        this.link = link;
    }

    static String where(ConnectSpec spec) {
        return (spec.host().indexOf(':') >= 0 ? "[" + spec.host() + "]" : spec.host()) + ":" + spec.port();
    }

    /** Connects, checks the host key and logs in, within the connect time-out and the deadline. */
    static SftpConnection open(ConnectSpec spec, ProviderContext context) throws InternetException {
        return new SftpConnection(spec, context, link(spec, context));
    }

    /**
     * Replaces a connection that dropped with a new one, logged in the same way and in the same
     * working directory, for a download that goes on where it stopped.
     */
    synchronized void reconnect() throws InternetException {
        if (closed) {
            throw new InternetException(InternetError.OPERATION_CANCELLED, "the SFTP session with " + where()
                    + " was closed");
        }
        Link old = link;
        String directory;
        try {
            directory = old.channel().pwd(); // JSch's own record of it: no request
        } catch (com.jcraft.jsch.SftpException e) {
            directory = null;
        }
        closeReads();
        readsRefused = false;
        old.channel().disconnect();
        old.session().disconnect();
        old.transport().cut();
        Link fresh = link(spec, context);
        link = fresh;
        if (closed) {
            close();
            throw new InternetException(InternetError.OPERATION_CANCELLED, "the SFTP session with " + where()
                    + " was closed");
        }
        try {
            if (directory != null) {
                fresh.channel().cd(directory);
            }
        } catch (com.jcraft.jsch.SftpException e) {
            throw new InternetException(InternetError.EXTENDED_ERROR, "cannot go back to " + directory + " on "
                    + where() + " after connecting again: " + e.getMessage(), e);
        }
    }

    private static Link link(ConnectSpec spec, ProviderContext context) throws InternetException {
        SftpOptions options = spec.option(SftpOptions.class).orElseGet(SftpOptions::defaults);
        Credentials credentials = spec.credentials();
        String where = where(spec);
        if (credentials.isAnonymous()) {
            throw new InternetException(InternetError.INCORRECT_USER_NAME, "SFTP has no anonymous login: give a user"
                    + " to log in to " + where + " as");
        }
        boolean password = !credentials.password().isEmpty();
        if (!password && options.identities().isEmpty() && !options.agent()) {
            throw new InternetException(InternetError.INCORRECT_PASSWORD, "no credential to log in to " + where
                    + " as " + credentials.user() + ": give a password, a key file (SftpOptions.identity)"
                    + " or the agent (SftpOptions.agent)");
        }
        JSch jsch = new JSch();
        HostKeys hostKeys = hostKeys(jsch, options);
        addIdentities(jsch, options);
        StatusPublisher status = context.status();
        TransportErrors errors = new TransportErrors("the SSH server " + where, context);
        Transport transport = new Transport(context, status, errors);
        com.jcraft.jsch.Session session;
        try {
            session = jsch.getSession(credentials.user(), spec.host(), spec.port());
        } catch (JSchException e) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "cannot make an SSH session for " + where
                    + ": " + e.getMessage(), e);
        }
        session.setSocketFactory(transport);
        session.setHostKeyRepository(hostKeys);
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("HashKnownHosts", "no");
        session.setConfig("PreferredAuthentications", password ? "publickey,keyboard-interactive,password"
                : "publickey");
        if (password) {
            session.setPassword(credentials.password());
        }
        session.setUserInfo(new Answers(credentials.password()));
        session.setDaemonThread(true);
        // A server silent for a read time-out gets a keep-alive; silent for another one, it is cut.
        session.setServerAliveCountMax(1);
        Deadline deadline = Deadline.start(context);
        deadline.cuts(transport::cut);
        ChannelSftp channel = null;
        try {
            session.setServerAliveInterval(context.readTimeoutMillis());
            // JSch bounds each read of the handshake by this: the server's replies are reads.
            session.connect(context.readTimeoutMillis());
            status.publish(InternetStatus.SENDING_REQUEST, "sftp");
            channel = (ChannelSftp) session.openChannel("sftp");
            channel.setBulkRequests(64);
            channel.connect(context.connectTimeoutMillis());
            return new Link(session, channel, transport, errors);
        } catch (JSchException e) {
            session.disconnect();
            throw connectFailure(e, where, transport, hostKeys, deadline, errors, credentials.user());
        } finally {
            deadline.close();
        }
    }

    private static HostKeys hostKeys(JSch jsch, SftpOptions options) throws InternetException {
        if (Files.isRegularFile(options.knownHosts())) {
            try {
                jsch.setKnownHosts(options.knownHosts().toString());
            } catch (JSchException e) {
                throw new InternetException(InternetError.INVALID_PARAMETER, "cannot read the known hosts file "
                        + options.knownHosts() + ": " + e.getMessage(), e);
            }
        }
        return new HostKeys(jsch.getHostKeyRepository(), options.knownHosts(), options.acceptNewHostKey());
    }

    private static void addIdentities(JSch jsch, SftpOptions options) throws InternetException {
        if (options.agent() && options.identities().isEmpty()) {
            String environment = System.getenv("SSH_AUTH_SOCK");
            if (options.agentSocket().isEmpty() && environment == null) {
                throw new InternetException(InternetError.INVALID_PARAMETER, "no ssh-agent runs here"
                        + " (SSH_AUTH_SOCK is not set); give a key file instead");
            }
            java.nio.file.Path socket = options.agentSocket().orElseGet(() -> java.nio.file.Path.of(environment));
            if (!Files.exists(socket)) {
                throw new InternetException(InternetError.FILE_NOT_FOUND, "no ssh-agent socket at " + socket);
            }
            try {
                jsch.setIdentityRepository(new AgentIdentityRepository(
                        new SSHAgentConnector(new UnixDomainSocketFactory(), socket)));
            } catch (Exception e) {
                throw new InternetException(InternetError.INVALID_PARAMETER, "cannot use the ssh-agent: "
                        + e.getMessage(), e);
            }
            return;
        }
        for (SftpOptions.Identity identity : options.identities()) {
            if (!Files.isReadable(identity.keyFile())) {
                throw new InternetException(InternetError.FILE_NOT_FOUND, "cannot read the key file "
                        + identity.keyFile());
            }
            try {
                byte[] passphrase = identity.passphrase().map(p -> p.getBytes(StandardCharsets.UTF_8)).orElse(null);
                jsch.addIdentity(identity.keyFile().toString(), passphrase);
            } catch (JSchException e) {
                throw new InternetException(InternetError.INCORRECT_PASSWORD, "cannot use the key file "
                        + identity.keyFile() + (identity.passphrase().isPresent()
                        ? " (is the passphrase right?)" : "") + ": " + e.getMessage(), e);
            }
        }
    }

    private static InternetException connectFailure(JSchException e, String where, Transport transport,
            HostKeys hostKeys, Deadline deadline, TransportErrors errors, String user) {
        if (transport.connectFailure() != null) {
            return transport.connectFailure();
        }
        if (deadline.isExpired()) {
            return deadline.error("connecting to the SSH server " + where, e);
        }
        InternetException refused = hostKeys.refusal(where);
        if (refused != null) {
            return refused;
        }
        String message = String.valueOf(e.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.startsWith("auth fail") || lower.startsWith("auth cancel") || lower.contains("userauth fail")) {
            return new InternetException(InternetError.LOGIN_FAILURE, "the SSH server " + where + " refused the login"
                    + " of " + user + ": " + message, message, e);
        }
        IOException failure = transport.failure();
        if (failure == null && e.getCause() instanceof IOException io) {
            failure = io;
        }
        if (failure instanceof SocketTimeoutException || lower.contains("timeout")) {
            return errors.of("connecting to the SSH server " + where,
                    failure != null ? failure : new SocketTimeoutException(message));
        }
        if (failure != null) {
            return errors.of("connecting to the SSH server " + where, failure);
        }
        return new InternetException(InternetError.CANNOT_CONNECT, "SSH with " + where + " failed: " + message, e);
    }

    ConnectSpec spec() {
        return spec;
    }

    ProviderContext context() {
        return context;
    }

    ChannelSftp channel() {
        return link.channel();
    }

    /**
     * The channel that reads files, opened at the first read of the link; null when the server
     * refused it (a second channel or the {@code sftp} subsystem), and files are read with JSch.
     */
    synchronized ReadChannel reads() {
        if (reads != null && reads.isUsable()) {
            return reads;
        }
        reads = null;
        if (readsRefused || closed) {
            return null;
        }
        try {
            reads = ReadChannel.open(link.session(), context, where());
        } catch (JSchException | IOException | RuntimeException e) {
            readsRefused = true;
        }
        return reads;
    }

    private void closeReads() {
        ReadChannel open = reads;
        if (open != null) {
            open.close();
        }
    }

    Transport transport() {
        return link.transport();
    }

    TransportErrors errors() {
        return link.errors();
    }

    String where() {
        return where(spec);
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public Session newSession(SessionSupport support) {
        return new SftpSessionImpl(support, this);
    }

    @Override
    public boolean isUsable() {
        Link current = link;
        return !closed && current.session().isConnected() && !current.channel().isClosed();
    }

    @Override
    public void close() {
        closed = true;
        closeReads();
        Link current = link;
        current.channel().disconnect();
        current.session().disconnect();
        current.transport().cut();
    }

    /**
     * Answers keyboard-interactive prompts that hide what is typed with the password, once: JSch
     * asks again after each refusal, and a server such as OpenSSH's lets a client try a wrong
     * password until it cuts the connection, seconds later, with no word of a login failure.
     * JSch's password method sends the session's password itself; a prompt for it means that one
     * was refused.
     */
    private static final class Answers implements com.jcraft.jsch.UserInfo, com.jcraft.jsch.UIKeyboardInteractive {

        private final String password;
        private boolean answered;

        Answers(String password) {
            this.password = password;
        }

        @Override
        public synchronized String[] promptKeyboardInteractive(String destination, String name, String instruction,
                String[] prompt, boolean[] echo) {
            // JSch asks for a new password with this name when the server says the old one expired.
            if (password.isEmpty() || answered || "Password Change Required".equals(name)) {
                return null;
            }
            answered = true;
            String[] answers = new String[prompt.length];
            for (int i = 0; i < prompt.length; i++) {
                if (echo[i]) {
                    return null; // a question other than the password: not one we can answer
                }
                answers[i] = password;
            }
            return answers;
        }

        @Override
        public String getPassphrase() {
            return null;
        }

        @Override
        public String getPassword() {
            return password.isEmpty() ? null : password;
        }

        @Override
        public boolean promptPassword(String message) {
            return false;
        }

        @Override
        public boolean promptPassphrase(String message) {
            return false;
        }

        @Override
        public boolean promptYesNo(String message) {
            return false;
        }

        @Override
        public void showMessage(String message) {
            // A banner: not shown by a library.
        }
    }
}
